import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { actionProperties } from '../shared/operation';
import { route } from '../shared/router';
import { avayaActions } from './actions/resources';
import { LIMITS } from './contract';
import { avayaInfinityApiTest } from './methods/credentialTest';

export class AvayaInfinity implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Avaya Infinity',
		name: 'avayaInfinity',
		icon: { light: 'file:../../icons/avayaInfinity.svg', dark: 'file:../../icons/avayaInfinity.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: `Send an end user's SMS into Avaya Infinity Custom Messaging: from the end user's E.164 number to your registered business number, a text of at most ${LIMITS.text} characters`,
		defaults: { name: 'Avaya Infinity' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'avayaInfinityApi', required: true, testedBy: 'avayaInfinityApiTest' }],
		properties: actionProperties(avayaActions.resources),
	};

	methods = { credentialTest: { avayaInfinityApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, avayaActions);
	}
}

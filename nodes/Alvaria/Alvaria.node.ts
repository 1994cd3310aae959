import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { actionProperties } from '../shared/operation';
import { route } from '../shared/router';
import { alvariaActions } from './actions/resources';
import { alvariaApiTest } from './methods/credentialTest';

export class Alvaria implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alvaria',
		name: 'alvaria',
		icon: { light: 'file:../../icons/alvaria.svg', dark: 'file:../../icons/alvaria.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Send agent text, links and typing notifications into Alvaria chat and SMS interactions (Messaging API)',
		defaults: { name: 'Alvaria' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'alvariaApi', required: true, testedBy: 'alvariaApiTest' }],
		properties: [
			{
				displayName:
					'The Streaming Session ID comes from the agent application that keeps that session alive by polling it (it expires after about 60 seconds without a poll). n8n never creates one.',
				name: 'sessionNotice',
				type: 'notice',
				default: '',
			},
			...actionProperties(alvariaActions.resources),
		],
	};

	methods = { credentialTest: { alvariaApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, alvariaActions);
	}
}

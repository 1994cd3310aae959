import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { actionProperties } from '../shared/operation';
import { route } from '../shared/router';
import { genesysActions } from './actions/resources';
import { genesysMulticloudApiTest } from './methods/credentialTest';

export class GenesysMulticloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Multicloud CX',
		name: 'genesysMulticloud',
		icon: { light: 'file:../../icons/genesysMulticloud.svg', dark: 'file:../../icons/genesysMulticloud.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send consumer messages and delivery receipts to Genesys Multicloud CX Digital Channels (Third-Party Messaging)',
		defaults: { name: 'Genesys Multicloud CX' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'genesysMulticloudApi', required: true, testedBy: 'genesysMulticloudApiTest' }],
		properties: actionProperties(genesysActions.resources),
	};

	methods = { credentialTest: { genesysMulticloudApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, genesysActions);
	}
}

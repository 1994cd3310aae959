import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { description as receiptDescription } from './actions/message/receipt.operation';
import { description as sendDescription } from './actions/message/send.operation';
import { router } from './actions/router';
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
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Message', value: 'message' }],
				default: 'message',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['message'] } },
				options: [
					{
						name: 'Delivery Receipt',
						value: 'receipt',
						description: 'Tell Digital Channels what became of an agent message',
						action: 'Send a delivery receipt',
					},
					{
						name: 'Send Message',
						value: 'send',
						description: 'Send a consumer\'s message into Digital Channels',
						action: 'Send a message',
					},
				],
				default: 'send',
			},
			...sendDescription,
			...receiptDescription,
		],
	};

	methods = { credentialTest: { genesysMulticloudApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}

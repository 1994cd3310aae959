import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { description as sendDescription } from './actions/message/send.operation';
import { router } from './actions/router';
import { avayaInfinityApiTest } from './methods/credentialTest';

export class AvayaInfinity implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Avaya Infinity',
		name: 'avayaInfinity',
		icon: { light: 'file:../../icons/avayaInfinity.svg', dark: 'file:../../icons/avayaInfinity.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send end-user SMS messages into Avaya Infinity Custom Messaging',
		defaults: { name: 'Avaya Infinity' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'avayaInfinityApi', required: true, testedBy: 'avayaInfinityApiTest' }],
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
						name: 'Send',
						value: 'send',
						description: 'Send an end user\'s message to the contact center',
						action: 'Send a message',
					},
				],
				default: 'send',
			},
			...sendDescription,
		],
	};

	methods = { credentialTest: { avayaInfinityApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}

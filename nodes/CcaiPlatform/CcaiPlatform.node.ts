import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { actionProperties } from '../shared/operation';
import { route } from '../shared/router';
import { ccaiActions } from './actions/resources';
import { ccaiPlatformApiTest } from './methods/credentialTest';

export class CcaiPlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Google CCAI Platform',
		name: 'ccaiPlatform',
		icon: { light: 'file:../../icons/ccaiPlatform.svg', dark: 'file:../../icons/ccaiPlatform.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send outbound SMS from Google Contact Center AI Platform (Apps API), at most 10 requests per second',
		defaults: { name: 'Google CCAI Platform' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ccaiPlatformApi', required: true, testedBy: 'ccaiPlatformApiTest' }],
		properties: actionProperties(ccaiActions.resources),
	};

	methods = { credentialTest: { ccaiPlatformApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, ccaiActions);
	}
}

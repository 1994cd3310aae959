import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { actionProperties } from '../shared/operation';
import { route } from '../shared/router';
import { webexActions } from './actions/resources';
import { LIMITS } from './contract';
import { webexConnectApiTest } from './methods/credentialTest';

export class WebexConnect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Connect',
		name: 'webexConnect',
		icon: { light: 'file:../../icons/webexConnect.svg', dark: 'file:../../icons/webexConnect.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: `Send an SMS text (at most ${LIMITS.text} characters) to phone numbers in E.164 form through Webex Connect (Messaging API v1), up to ${LIMITS.destinations} recipients a request`,
		defaults: { name: 'Webex Connect' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'webexConnectApi', required: true, testedBy: 'webexConnectApiTest' }],
		properties: actionProperties(webexActions.resources),
	};

	methods = { credentialTest: { webexConnectApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, webexActions);
	}
}

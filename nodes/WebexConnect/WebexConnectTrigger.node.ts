import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	answerWhenFinishedOption,
	registeredByHand,
	runTrigger,
	triggerWebhook,
	TRIGGER_VERSIONS,
	unsignedEventsNotice,
	type TriggerSpec,
} from '../shared/webhook';
import { CREDENTIAL_TYPE, VENDOR, WEBEX_CREDENTIALS } from './api';
import { DELIVERY_STATUSES, HUB_ALGORITHMS, HUB_SIGNATURE_SCHEMES, type HubAlgorithm } from './contract';
import { webexConnectApiTest } from './methods/credentialTest';
import { FINAL_STATUSES, classifyNotification } from './trigger/notification';

const trigger: TriggerSpec<typeof WEBEX_CREDENTIALS.fields> = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	credentialFields: WEBEX_CREDENTIALS,
	signature: {
		// Hex digests, with or without a `sha256=` / `sha512=` prefix (Webex does not document which).
		scheme: (context) => HUB_SIGNATURE_SCHEMES[context.getNodeParameter('options.signatureAlgorithm', 'sha256') as HubAlgorithm],
		// Webex signs only when the service has a hub secret.
		policy: 'optional',
		secrets: (values) => [values.hubSecret, values.previousHubSecret].filter(Boolean),
	},
	classify: (context, body) => classifyNotification(body, context.getNodeParameter('statuses', FINAL_STATUSES) as string[]),
};

export class WebexConnectTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Connect Trigger',
		name: 'webexConnectTrigger',
		icon: { light: 'file:../../icons/webexConnect.svg', dark: 'file:../../icons/webexConnect.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: '={{"Delivery: " + $parameter["statuses"].join(", ")}}',
		description: 'Starts the workflow when Webex Connect sends an SMS delivery notification',
		defaults: { name: 'Webex Connect Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'webexConnectApi', required: true, testedBy: 'webexConnectApiTest' }],
		webhooks: [
			triggerWebhook(),
			// Webex saves a notify URL only when it answers 200 to a HEAD.
			{ name: 'setup', httpMethod: 'HEAD', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'Paste the Production URL above into Send SMS\'s Notify URL option, or as the service\'s notify URL in Webex Connect. It answers Webex\'s HEAD check with 200.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			unsignedEventsNotice('Hub Secret'),
			{
				displayName: 'Delivery Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: ['Delivered', 'Failed', 'Un-Delivered'],
				description: 'Which notifications start the workflow; the others are answered 200 without a run',
				options: DELIVERY_STATUSES.map((status) => ({ name: status, value: status })),
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					answerWhenFinishedOption('Webex waits 10 seconds and retries an unanswered notification 3 times, 60 seconds apart'),
					{
						displayName: 'Signature Algorithm',
						name: 'signatureAlgorithm',
						type: 'options',
						default: 'sha256',
						description: 'The HMAC of the x-hub-signature header, as chosen for the hub secret in Webex Connect',
						options: HUB_ALGORITHMS.map((algorithm) => ({ name: algorithm.toUpperCase().replace('SHA', 'SHA-'), value: algorithm })),
					},
				],
			},
		],
	};

	methods = { credentialTest: { webexConnectApiTest } };

	// The notify URL is given to Webex per message or in its service settings; nothing to register.
	webhookMethods = registeredByHand;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === 'setup') {
			this.getResponseObject().status(200).end();
			return { noWebhookResponse: true };
		}
		return runTrigger(this, trigger);
	}
}

import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { compactJsonAlternate } from '../shared/signature';
import {
	answerWhenFinishedOption,
	registeredByHand,
	runTrigger,
	triggerWebhook,
	TRIGGER_VERSIONS,
	unsignedEventsNotice,
	type TriggerSpec,
} from '../shared/webhook';
import { AVAYA_CREDENTIALS, CREDENTIAL_TYPE, VENDOR } from './api';
import { SIGNATURE } from './contract';
import { avayaInfinityApiTest } from './methods/credentialTest';
import { classifyEvent } from './trigger/event';

const trigger: TriggerSpec<typeof AVAYA_CREDENTIALS.fields> = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	credentialFields: AVAYA_CREDENTIALS,
	signature: {
		scheme: () => SIGNATURE,
		// Avaya signs only when the connector has a Secret Key.
		policy: 'optional',
		secrets: (values) => [values.webhookSecret, values.previousWebhookSecret].filter(Boolean),
		alternates: compactJsonAlternate,
	},
	classify: (context, event) => {
		const options = context.getNodeParameter('options', {}) as { emitHealthCheck?: boolean };
		const senderTypes = context.getNodeParameter('senderTypes', []) as string[];
		return classifyEvent(event, { senderTypes, emitHealthCheck: options.emitHealthCheck === true });
	},
};

export class AvayaInfinityTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Avaya Infinity Trigger',
		name: 'avayaInfinityTrigger',
		icon: { light: 'file:../../icons/avayaInfinity.svg', dark: 'file:../../icons/avayaInfinity.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: '={{"Messages from " + $parameter["senderTypes"].join(", ")}}',
		description: 'Starts the workflow when Avaya Infinity sends a message event (contact center → end user)',
		defaults: { name: 'Avaya Infinity Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'avayaInfinityApi', required: true, testedBy: 'avayaInfinityApiTest' }],
		webhooks: [triggerWebhook()],
		properties: [
			{
				displayName:
					'Paste the Production URL above into the connector\'s Webhook Callback URL (Admin Console → CX → Custom Connector), then click Validate URL. Set the same Secret Key in the credential\'s Webhook Secret.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			unsignedEventsNotice('Webhook Secret'),
			{
				displayName: 'Sender Types',
				name: 'senderTypes',
				type: 'multiOptions',
				default: ['agent', 'bot'],
				description:
					'Which messages start the workflow. Agent and bot messages come from the contact center; customer messages arrive only with the "All Messages" subscription.',
				options: [
					{ name: 'Agent', value: 'agent', description: 'A message an agent sent to the end user' },
					{ name: 'Bot (Workflow)', value: 'bot', description: 'A message an Avaya workflow sent to the end user' },
					{ name: 'Customer', value: 'customer', description: 'The end user\'s own message ("All Messages" subscription)' },
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Health Checks',
						name: 'emitHealthCheck',
						type: 'boolean',
						default: false,
						description:
							'Whether a health_check event (sent when an admin clicks Validate URL) also starts the workflow. It is always answered with 200.',
					},
					answerWhenFinishedOption('Avaya retries 408, 429 and 5xx answers with backoff and then drops the event'),
				],
			},
		],
	};

	methods = { credentialTest: { avayaInfinityApiTest } };

	// The webhook URL is pasted into the Avaya Admin Console by hand; there is nothing to register.
	webhookMethods = registeredByHand;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return runTrigger(this, trigger);
	}
}

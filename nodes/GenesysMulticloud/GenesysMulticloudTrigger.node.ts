import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { headerValue } from '../shared/signature';
import { answerWhenFinishedOption, registeredByHand, runTrigger, triggerWebhook, TRIGGER_VERSIONS, type TriggerSpec } from '../shared/webhook';
import { CREDENTIAL_TYPE, GENESYS_CREDENTIALS, VENDOR } from './api';
import { HEADERS, SIGNATURE } from './contract';
import { genesysMulticloudApiTest } from './methods/credentialTest';
import { classifyMessages } from './trigger/message';

const trigger: TriggerSpec<typeof GENESYS_CREDENTIALS.fields> = {
	vendor: VENDOR,
	credentialType: CREDENTIAL_TYPE,
	credentialFields: GENESYS_CREDENTIALS,
	signature: {
		scheme: () => SIGNATURE,
		// Genesys signs every message with the channel's app secret.
		policy: 'required',
		secrets: (values) => [values.appSecret, values.previousAppSecret].filter(Boolean),
		headerLabel: 'X-Hub-Signature',
	},
	classify: (context, body) => classifyMessages(body, headerValue(context.getRequestObject().headers, HEADERS.traceId)),
};

export class GenesysMulticloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Multicloud CX Trigger',
		name: 'genesysMulticloudTrigger',
		icon: { light: 'file:../../icons/genesysMulticloud.svg', dark: 'file:../../icons/genesysMulticloud.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: '={{$parameter["options"]["answerWhenFinished"] ? "Answers when finished" : "Answers on receipt"}}',
		description: 'Starts the workflow when Genesys Multicloud CX Digital Channels sends an agent message (Third-Party Messaging webhook)',
		defaults: { name: 'Genesys Multicloud CX Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'genesysMulticloudApi', required: true, testedBy: 'genesysMulticloudApiTest' }],
		webhooks: [triggerWebhook()],
		properties: [
			{
				displayName:
					'Give the Production URL above to your Genesys representative as the channel\'s webhook URL. Genesys signs every message with the channel\'s app secret (the credential\'s App Secret) and needs an answer within 10 seconds.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					answerWhenFinishedOption(
						'Such a workflow MUST finish within 10 seconds: later, Genesys gives up waiting and redelivers the message',
					),
				],
			},
			{
				displayName:
					'With the option "Answer When Workflow Finished", the workflow must finish within 10 seconds, or Genesys treats the message as not delivered and sends it again. Without it, n8n answers as soon as it has accepted the execution.',
				name: 'deadlineNotice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { credentialTest: { genesysMulticloudApiTest } };

	// Genesys configures the webhook URL on its side (through a representative); nothing to register.
	webhookMethods = registeredByHand;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return runTrigger(this, trigger);
	}
}

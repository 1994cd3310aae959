import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { replayGuardFor } from '../shared/replayGuard';
import { headerValue, verify } from '../shared/signature';
import { answerSuccessWith, parseJsonBody, rawBodyOf, registeredByHand, reject, retryLater } from '../shared/webhook';
import { HEADERS, SIGNATURE, type InboundMessage, type WebhookAnswer } from './contract';
import { genesysMulticloudApiTest } from './methods/credentialTest';
import { readCredentials } from './transport';
import { messageProblems, messagesOf, messageToItem, supportedMessageType } from './trigger/message';

const ANSWER_WHEN_FINISHED = '$parameter["options"]["answerWhenFinished"] === true';

export class GenesysMulticloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Multicloud CX Trigger',
		name: 'genesysMulticloudTrigger',
		icon: { light: 'file:../../icons/genesysMulticloud.svg', dark: 'file:../../icons/genesysMulticloud.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["options"]["answerWhenFinished"] ? "Answers when finished" : "Answers on receipt"}}',
		description: 'Starts the workflow when Genesys Multicloud CX Digital Channels sends an agent message (Third-Party Messaging webhook)',
		defaults: { name: 'Genesys Multicloud CX Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'genesysMulticloudApi', required: true, testedBy: 'genesysMulticloudApiTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Default: n8n answers once it has created the execution, with our webhookResponse
				// ({"messageId"}), which it sends only when responseData is ''. Option: n8n answers when
				// the run has finished (500 if it failed); answerSuccessWith() puts {"messageId"} in
				// the successful answer instead of the last node's data.
				responseMode: `={{${ANSWER_WHEN_FINISHED} ? "lastNode" : "onReceived"}}`,
				responseData: `={{${ANSWER_WHEN_FINISHED} ? "noData" : ""}}`,
				path: 'webhook',
			},
		],
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
					{
						displayName: 'Answer When Workflow Finished',
						name: 'answerWhenFinished',
						type: 'boolean',
						default: false,
						description:
							'Whether to answer Genesys only when the workflow has finished (a failed run answers 500, so Genesys redelivers) instead of as soon as n8n has accepted the execution. Such a workflow MUST finish within 10 seconds: later, Genesys gives up waiting and redelivers the message.',
					},
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
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const raw = await rawBodyOf(req);
		if (!raw) return reject(res, 415, 'The body must be JSON (application/json)');
		const { appSecret } = readCredentials(await this.getCredentials('genesysMulticloudApi'));

		if (!appSecret) {
			this.logger.warn('Genesys Multicloud CX Trigger: the credential has no App Secret; every request is rejected');
			return reject(res, 401, 'The app secret is not configured');
		}
		const verdict = verify(SIGNATURE, appSecret, req.headers[SIGNATURE.header], raw);
		if (verdict !== 'valid') return reject(res, 401, verdict === 'missing' ? 'Missing X-Hub-Signature header' : 'Invalid signature');

		const body = parseJsonBody(raw);
		if (!body) return reject(res, 400, 'The body is not a JSON object');
		const messages = messagesOf(body);
		if (!messages) return reject(res, 400, 'The body holds no message');
		const problems = messages.flatMap((message, index) => messageProblems(message).map((p) => (messages.length > 1 ? `messages[${index}].${p}` : p)));
		if (problems.length) return reject(res, 400, `The message lacks: ${problems.join(', ')}`);
		// Only the types the document shows start runs; any other is refused with a 4xx, which
		// Genesys does not redeliver (it redelivers 5xx only).
		const unsupported = messages.find((message) => !supportedMessageType(message.type));
		if (unsupported) return reject(res, 400, `unsupported message type ${JSON.stringify(unsupported.type)}`);

		const inbound = messages as unknown as InboundMessage[];
		const ids = inbound.map((message) => message.channel.messageId);
		const answer: WebhookAnswer & IDataObject = { messageId: ids[0] };
		if (ids.length > 1) answer.messageIds = ids;

		const claim = replayGuardFor(`${this.getWorkflow().id}:${this.getNode().id}`).claim(ids, res);
		// The first delivery is still being handed to n8n: Genesys redelivers on 5xx.
		if (claim.busy) return retryLater(res, 'This message is being processed; retry later');
		// A redelivery of messages already accepted: the same answer, no second run.
		if (claim.fresh.length === 0) return { webhookResponse: answer };
		const fresh = inbound.filter((message) => claim.fresh.includes(message.channel.messageId));

		const options = this.getNodeParameter('options', {}) as { answerWhenFinished?: boolean };
		if (options.answerWhenFinished) answerSuccessWith(res, answer);
		const traceId = headerValue(req.headers, HEADERS.traceId);
		return {
			workflowData: [fresh.map((message) => ({ json: messageToItem(message, traceId) as unknown as IDataObject }))],
			webhookResponse: answer,
		};
	}
}

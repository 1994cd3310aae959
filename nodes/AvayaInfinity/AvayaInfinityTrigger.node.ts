import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { replayGuardFor } from '../shared/replayGuard';
import { compactJsonAlternate, verify } from '../shared/signature';
import { parseJsonBody, rawBodyOf, registeredByHand, reject, retryLater } from '../shared/webhook';
import { EVENT_TYPES, SIGNATURE, SENDER_TYPES, type MessagesEvent } from './contract';
import { avayaInfinityApiTest } from './methods/credentialTest';
import { readCredentials } from './transport';
import { eventToItem, missingEventFields } from './trigger/event';

export class AvayaInfinityTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Avaya Infinity Trigger',
		name: 'avayaInfinityTrigger',
		icon: { light: 'file:../../icons/avayaInfinity.svg', dark: 'file:../../icons/avayaInfinity.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Messages from " + $parameter["senderTypes"].join(", ")}}',
		description: 'Starts the workflow when Avaya Infinity sends a message event (contact center → end user)',
		defaults: { name: 'Avaya Infinity Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'avayaInfinityApi', required: true, testedBy: 'avayaInfinityApiTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// n8n answers only after it has created the execution; responseData '' makes it send our
				// webhookResponse instead of its default body.
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Paste the Production URL above into the connector\'s Webhook Callback URL (Admin Console → CX → Custom Connector), then click Validate URL. Set the same Secret Key in the credential\'s Webhook Secret.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
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
				],
			},
		],
	};

	methods = { credentialTest: { avayaInfinityApiTest } };

	// The webhook URL is pasted into the Avaya Admin Console by hand; there is nothing to register.
	webhookMethods = registeredByHand;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const raw = await rawBodyOf(req);
		if (!raw) return reject(res, 415, 'The body must be JSON (application/json)');
		const { webhookSecret } = readCredentials(await this.getCredentials('avayaInfinityApi'));

		if (webhookSecret) {
			const verdict = verify(SIGNATURE, webhookSecret, req.headers[SIGNATURE.header], raw, compactJsonAlternate(raw));
			if (verdict !== 'valid') {
				return reject(res, 401, verdict === 'missing' ? `Missing ${SIGNATURE.header} header` : 'Invalid signature');
			}
		}

		const event = parseJsonBody(raw);
		if (!event) return reject(res, 400, 'The body is not a JSON object');
		const eventType = String(event.eventType ?? '').toLowerCase();
		const eventId = typeof event.eventId === 'string' ? event.eventId : '';
		const options = this.getNodeParameter('options', {}) as { emitHealthCheck?: boolean };

		if (eventType === EVENT_TYPES.healthCheck) {
			if (!options.emitHealthCheck) return { webhookResponse: { status: 'ok' } };
			return { workflowData: [[{ json: { ...event, event } }]], webhookResponse: { status: 'ok' } };
		}
		if (eventType !== EVENT_TYPES.messages) {
			// Unknown event types are acknowledged so Avaya does not retry them; they start no run.
			return { webhookResponse: { status: 'ignored', reason: `event type "${eventType}" is not handled` } };
		}

		const missing = missingEventFields(event);
		if (missing.length) return reject(res, 400, `The messages event lacks: ${missing.join(', ')}`);
		const message = event as unknown as MessagesEvent;
		const senderType = String(message.sender.type).toLowerCase();
		const wanted = (this.getNodeParameter('senderTypes', []) as string[]).map((t) => t.toLowerCase());
		if (!SENDER_TYPES.includes(senderType as (typeof SENDER_TYPES)[number]) || !wanted.includes(senderType)) {
			return { webhookResponse: { status: 'ignored', reason: `sender type "${senderType}" is not selected` } };
		}

		const claim = replayGuardFor(`${this.getWorkflow().id}:${this.getNode().id}`).claim([eventId], res);
		// The first delivery is still being handed to n8n: Avaya retries 5xx.
		if (claim.busy) return retryLater(res, 'This event is being processed; retry later');
		if (claim.fresh.length === 0) return { webhookResponse: { status: 'duplicate', eventId } };
		return {
			workflowData: [[{ json: eventToItem(message) as unknown as IDataObject }]],
			webhookResponse: { status: 'accepted', eventId },
		};
	}
}

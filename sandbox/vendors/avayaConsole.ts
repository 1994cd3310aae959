import { EVENT_TYPES, type MessagesEvent, type SendMessageResponse } from '../../nodes/AvayaInfinity/contract';
import { errorText, groupRetries, requestChip, sameRequestKey, signatureChip, webhookChip } from '../console/statuses';
import type { Bubble, VendorConsole, VendorConversation } from '../console/types';
import { AdminInputError, isPlainObject } from '../http';
import type { RequestRecord } from '../recorder';
import type { AvayaEvents } from './avayaEvents';
import type { AvayaState } from './avayaState';
import type { SandboxContext } from './types';

const AGENT_SENDERS = ['agent', 'bot'] as const;

/** Avaya's problem body in a few words: title, detail and each violation. */
function problemText(record: RequestRecord): string {
	const response = record.response;
	const violations = isPlainObject(response) && Array.isArray(response.violations) ? response.violations : [];
	const listed = violations.filter(isPlainObject).map((violation) => `${String(violation.field)}: ${String(violation.message)}`);
	return [errorText(response), ...listed].join('; ');
}

interface SendBody {
	headers: { from: string; destination: string };
	body: { text: string };
}

function isSendBody(body: unknown): body is SendBody {
	return (
		isPlainObject(body) &&
		isPlainObject(body.headers) &&
		typeof body.headers.from === 'string' &&
		typeof body.headers.destination === 'string' &&
		isPlainObject(body.body) &&
		typeof body.body.text === 'string'
	);
}

/**
 * The console's view of Avaya Infinity: a conversation per end user and registered number, with
 * the end user's messages as Avaya received them (Send Message, retries included) and the agent's
 * and bot's messages as events to the connector's webhook.
 */
export function avayaConsole(ctx: SandboxContext, state: AvayaState, events: AvayaEvents): VendorConsole {
	const tenants = () => ctx.config().avaya.tenants;

	function conversations(): VendorConversation[] {
		const byKey = new Map<string, VendorConversation>();
		const conversation = (endUser: string, business: string) => {
			const key = `${endUser}\n${business}`;
			let found = byKey.get(key);
			if (!found) byKey.set(key, (found = { endUser, endUserPhone: endUser, business, messages: [] }));
			return found;
		};
		const session = (target: VendorConversation, id: string | undefined) => {
			if (id) target.detail = `conversationSessionId ${id}`;
		};

		const sends = ctx.recorder.requests({ vendor: 'avaya', kind: 'send' }).filter((record) => isSendBody(record.body));
		for (const attempts of groupRetries(sends, sameRequestKey)) {
			const first = attempts[0];
			const message = first.body as SendBody;
			const answer = attempts[attempts.length - 1].response as Partial<SendMessageResponse> | undefined;
			const target = conversation(message.headers.from, message.headers.destination);
			session(target, answer?.conversationSessionId);
			target.messages.push({
				key: `avaya-send-${first.seq}`,
				seq: first.seq,
				at: first.at,
				author: 'end-user',
				sender: 'customer',
				text: message.body.text,
				statuses: [requestChip(attempts, 'accepted', 'Avaya', problemText)],
				traffic: attempts.map((record) => record.seq),
			});
		}

		for (const record of ctx.recorder.deliveries({ vendor: 'avaya', kind: EVENT_TYPES.messages })) {
			const event = record.event as MessagesEvent;
			// Customer events (subscription "all") repeat what the end user sent; the send above shows it.
			if (event.sender.type === 'customer') continue;
			const target = conversation(event.headers.to[0], event.headers.from);
			session(target, event.conversationSessionId);
			const bubble: Bubble = {
				key: `avaya-event-${record.seq}`,
				seq: record.seq,
				at: record.at,
				author: 'contact-center',
				sender: event.sender.type,
				text: event.body.text,
				statuses: [webhookChip(record, 'n8n'), ...[signatureChip(record)].filter((chip) => chip !== undefined)],
				traffic: [record.seq],
			};
			target.messages.push(bubble);
		}
		return [...byKey.values()];
	}

	return {
		conversations,
		smsNumber: () => ctx.config().sms.numbers.find((number) => number.vendor === 'avaya')?.number ?? tenants()[0]?.registeredNumbers[0],
		endUserAddress: (phone) => phone,
		sampleEndUser: '+14155550123',
		agentSenders: AGENT_SENDERS,
		agentSend({ endUser, business, text, sender = 'agent' }) {
			if (!(AGENT_SENDERS as readonly string[]).includes(sender)) throw new AdminInputError(`sender must be one of ${AGENT_SENDERS.join(', ')}`);
			return events.sendMessage({ senderType: sender as (typeof AGENT_SENDERS)[number], text, to: [endUser], from: business || undefined });
		},
		autoReply: {
			get: () => tenants().some((tenant) => tenant.autoReply),
			set: (on) => tenants().forEach((tenant) => (tenant.autoReply = on)),
		},
		notes: () =>
			tenants().map((tenant) =>
				tenant.webhookUrl
					? `Avaya events of connector ${tenant.connectorId} go to ${tenant.webhookUrl}${state.webhookEnabled(tenant) ? '' : ' (disabled until a Validate URL succeeds)'}.`
					: `Avaya connector ${tenant.connectorId} has no webhook URL yet (POST /_admin/avaya/validate {"webhookUrl"}).`,
			),
	};
}

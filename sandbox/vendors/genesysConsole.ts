import { MESSAGE_TYPES, type InboundMessage } from '../../nodes/GenesysMulticloud/contract';
import { errorText, groupRetries, requestChip, sameRequestKey, signatureChip, webhookChip } from '../console/statuses';
import type { StatusChip, Tone, VendorConsole, VendorConversation } from '../console/types';
import { isPlainObject } from '../http';
import type { RequestRecord } from '../recorder';
import type { GenesysConfig } from './genesysConfig';
import type { GenesysDeliveryRecord, GenesysEvents } from './genesysEvents';
import type { SandboxContext } from './types';

/** A consumer id that is a phone number without its `+` (Genesys's examples write `16504661149`). */
const PHONE_ID = /^\+?([1-9]\d{6,14})$/;

const RECEIPT_TONES: Record<string, Tone> = { Delivered: 'ok', Failed: 'failed', Removed: 'warn' };

interface OutboundEntry {
	type?: unknown;
	text?: unknown;
	status?: unknown;
	reasons?: unknown;
	channel?: { from?: { id?: unknown }; to?: { id?: unknown }; messageId?: unknown };
}

function entriesOf(record: RequestRecord): OutboundEntry[] {
	const body = record.body;
	if (!isPlainObject(body) || !Array.isArray(body.messages)) return [];
	return body.messages.filter(isPlainObject) as OutboundEntry[];
}

function receiptChip(entry: OutboundEntry, attempts: RequestRecord[]): StatusChip {
	const reasons = Array.isArray(entry.reasons) ? entry.reasons.filter(isPlainObject) : [];
	const why = reasons.map((reason) => `${String(reason.code)}${reason.message ? ` ${String(reason.message)}` : ''}`).join('; ');
	const sent = requestChip(attempts, 'accepted', 'Genesys', (last) => errorText(last.response));
	if (sent.tone === 'failed') return { label: `${String(entry.status)} receipt refused`, tone: 'failed', detail: `receipt: ${sent.detail}` };
	const status = String(entry.status);
	return { label: status, tone: RECEIPT_TONES[status] ?? 'warn', detail: [`receipt: ${sent.detail}`, why && `reason ${why}`].filter(Boolean).join('; ') };
}

function agentText(message: InboundMessage): string {
	if (typeof message.text === 'string') return message.text;
	const plain = message.content?.find((part) => part.type === 'text');
	return [message.subject, plain?.text].filter(Boolean).join(': ');
}

/**
 * The console's view of Genesys Multicloud CX: a conversation per consumer, with the consumer's
 * messages as Genesys received them (Send Message) and the agent's messages as webhooks to the
 * channel, each with the delivery receipt the workflow sent back for it.
 */
export function genesysConsole(ctx: SandboxContext, config: () => GenesysConfig, events: GenesysEvents): VendorConsole {
	function conversations(): VendorConversation[] {
		const byConsumer = new Map<string, VendorConversation>();
		const conversation = (consumer: string, business: string) => {
			let found = byConsumer.get(consumer);
			if (!found) {
				const phone = PHONE_ID.exec(consumer);
				byConsumer.set(consumer, (found = { endUser: consumer, endUserPhone: phone ? `+${phone[1]}` : undefined, business, messages: [] }));
			}
			found.business ||= business;
			return found;
		};

		const receipts = new Map<string, StatusChip>();
		const requests = ctx.recorder.requests({ vendor: 'genesys', kind: 'messages' });
		for (const attempts of groupRetries(requests, sameRequestKey)) {
			const first = attempts[0];
			entriesOf(first).forEach((entry, index) => {
				const consumerId = entry.channel?.from?.id;
				const messageId = entry.channel?.messageId;
				if (entry.type === MESSAGE_TYPES.receipt && typeof messageId === 'string') receipts.set(messageId, receiptChip(entry, attempts));
				if (entry.type !== MESSAGE_TYPES.text || typeof consumerId !== 'string' || typeof entry.text !== 'string') return;
				conversation(consumerId, typeof entry.channel?.to?.id === 'string' ? entry.channel.to.id : '').messages.push({
					key: `genesys-message-${first.seq}-${index}`,
					seq: first.seq,
					at: first.at,
					author: 'end-user',
					text: entry.text,
					statuses: [requestChip(attempts, 'accepted', 'Genesys', (last) => errorText(last.response))],
					traffic: attempts.map((record) => record.seq),
				});
			});
		}

		const agentMessages = ctx.recorder.deliveries({ vendor: 'genesys' }).filter((record) => 'genesys' in record) as GenesysDeliveryRecord[];
		for (const record of agentMessages) {
			const message = record.event as InboundMessage;
			const consumer = message.channel.to?.id;
			if (!consumer) continue;
			const info = record.genesys;
			const receipt = receipts.get(info.messageId) ?? (info.answeredMessageId ? receipts.get(info.answeredMessageId) : undefined);
			const statuses = [webhookChip(record, 'n8n'), ...[signatureChip(record)].filter((chip) => chip !== undefined)];
			if (record.delivered && info.answeredMessageId !== undefined && !info.matches) {
				statuses.push({ label: 'other messageId', tone: 'warn', detail: `the webhook answered messageId ${info.answeredMessageId}, not ${info.messageId}` });
			}
			if (receipt) statuses.push(receipt);
			else if (record.delivered) statuses.push({ label: 'no receipt yet', tone: 'pending', detail: `no receipt for messageId ${info.messageId}` });
			conversation(consumer, message.channel.from?.id ?? '').messages.push({
				key: `genesys-agent-${record.seq}`,
				seq: record.seq,
				at: record.at,
				author: 'contact-center',
				sender: 'agent',
				text: agentText(message),
				statuses,
				traffic: [record.seq],
			});
		}
		return [...byConsumer.values()];
	}

	return {
		conversations,
		smsNumber: () => ctx.config().sms.numbers.find((number) => number.vendor === 'genesys')?.number,
		endUserAddress: (phone) => phone.replace(/^\+/, ''),
		sampleEndUser: '+16504661149',
		agentSend: ({ endUser, business, text }) => events.send({ to: endUser, from: business, text }),
		autoReply: {
			get: () => config().tenants.some((tenant) => tenant.autoReply),
			set: (on) => config().tenants.forEach((tenant) => (tenant.autoReply = on)),
		},
		notes: () =>
			config().tenants.map((tenant) =>
				tenant.webhookUrl
					? `Agent messages of channel ${tenant.channelId} go to ${tenant.webhookUrl}.`
					: `Genesys channel ${tenant.channelId} has no webhook URL yet (sandbox config genesys.tenants[].webhookUrl).`,
			),
	};
}

import type { IDataObject } from 'n8n-workflow';

import type { Classification } from '../../shared/webhook';
import { INBOUND_MESSAGE_TYPES, type InboundMessage, type InboundMessageType, type WebhookAnswer } from '../contract';

/**
 * The agent messages of a webhook body: the document shows one bare message object; the
 * reference names the body `messages`, so `{"messages":[…]}` is accepted too [I]. Undefined when
 * the body is neither.
 */
export function messagesOf(body: IDataObject): IDataObject[] | undefined {
	if (Array.isArray(body.messages)) {
		const list = body.messages as unknown[];
		return list.every((m) => m && typeof m === 'object' && !Array.isArray(m)) && list.length > 0 ? (list as IDataObject[]) : undefined;
	}
	return body.channel !== undefined || body.type !== undefined ? [body] : undefined;
}

/** Why a message cannot be answered or processed (dotted paths of what is missing), or empty. */
export function messageProblems(message: IDataObject): string[] {
	const problems: string[] = [];
	const channel = message.channel as IDataObject | undefined;
	if (!channel || typeof channel !== 'object') return ['channel'];
	if (typeof channel.messageId !== 'string' || channel.messageId === '') problems.push('channel.messageId');
	if (typeof message.type !== 'string' || message.type === '') problems.push('type');
	return problems;
}

/** The documented spelling of a message type the trigger runs for (`text` → `Text`), or undefined. */
export function supportedMessageType(type: unknown): InboundMessageType | undefined {
	if (typeof type !== 'string') return undefined;
	return INBOUND_MESSAGE_TYPES.find((known) => known.toLowerCase() === type.toLowerCase());
}

export interface GenesysMessageItem {
	messageId: string;
	from: string;
	to: string;
	channelId: string;
	channelType: string;
	messageType: string;
	/** The text; for an e-mail, its plain-text part. */
	text: string;
	subject?: string;
	html?: string;
	replyTo?: IDataObject;
	traceId?: string;
	payload: InboundMessage;
}

function addressOf(value: unknown): string {
	const id = value && typeof value === 'object' ? (value as IDataObject).id : undefined;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

function contentPart(message: InboundMessage, type: string): string | undefined {
	if (!Array.isArray(message.content)) return undefined;
	const part = message.content.find((p) => p && typeof p === 'object' && String(p.type).toLowerCase() === type);
	return typeof part?.text === 'string' ? part.text : undefined;
}

/** The fields a builder needs at the top level, and the message as Genesys sent it beside them. */
export function messageToItem(message: InboundMessage, traceId?: string): GenesysMessageItem {
	const channel = message.channel;
	const item: GenesysMessageItem = {
		messageId: channel.messageId,
		from: addressOf(channel.from),
		to: addressOf(channel.to),
		channelId: typeof channel.id === 'string' ? channel.id : '',
		channelType: typeof channel.type === 'string' ? channel.type : '',
		messageType: supportedMessageType(message.type) ?? message.type,
		text: typeof message.text === 'string' ? message.text : (contentPart(message, 'text') ?? ''),
		payload: message,
	};
	if (typeof message.subject === 'string') item.subject = message.subject;
	const html = contentPart(message, 'html');
	if (html !== undefined) item.html = html;
	if (channel.context?.replyTo) item.replyTo = channel.context.replyTo as unknown as IDataObject;
	if (traceId) item.traceId = traceId;
	return item;
}

/** Genesys's webhook bodies as the trigger pipeline needs them: bad, or agent messages to run. */
export function classifyMessages(body: IDataObject, traceId: string | undefined): Classification {
	const messages = messagesOf(body);
	if (!messages) return { kind: 'reject', status: 400, message: 'The body holds no message' };
	const problems = messages.flatMap((message, index) => messageProblems(message).map((p) => (messages.length > 1 ? `messages[${index}].${p}` : p)));
	if (problems.length) return { kind: 'reject', status: 400, message: `The message lacks: ${problems.join(', ')}` };
	// Only the types the document shows start runs; any other is refused with a 4xx, which
	// Genesys does not redeliver (it redelivers 5xx only).
	const unsupported = messages.find((message) => !supportedMessageType(message.type));
	if (unsupported) return { kind: 'reject', status: 400, message: `unsupported message type ${JSON.stringify(unsupported.type)}` };

	const inbound = messages as unknown as InboundMessage[];
	const ids = inbound.map((message) => message.channel.messageId);
	const answer: WebhookAnswer & IDataObject = { messageId: ids[0] };
	if (ids.length > 1) answer.messageIds = ids;
	return {
		kind: 'events',
		events: inbound.map((message) => ({ id: message.channel.messageId, json: messageToItem(message, traceId) as unknown as IDataObject })),
		answer,
	};
}

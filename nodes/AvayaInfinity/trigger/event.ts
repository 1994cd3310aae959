import type { IDataObject } from 'n8n-workflow';

import type { Classification } from '../../shared/webhook';
import { EVENT_TYPES, REQUIRED_EVENT_FIELDS, SENDER_TYPES, type MessagesEvent } from '../contract';

/** Fields of a messages event that are absent or of the wrong shape, as dotted paths. */
export function missingEventFields(event: IDataObject): string[] {
	const missing: string[] = REQUIRED_EVENT_FIELDS.messages.filter((field) => event[field] === undefined || event[field] === null);
	const headers = event.headers as IDataObject | undefined;
	const body = event.body as IDataObject | undefined;
	const sender = event.sender as IDataObject | undefined;
	if (headers && typeof headers.from !== 'string') missing.push('headers.from');
	if (headers && !(Array.isArray(headers.to) && headers.to.every((t) => typeof t === 'string'))) missing.push('headers.to');
	if (body && typeof body.text !== 'string') missing.push('body.text');
	if (sender && typeof sender.type !== 'string') missing.push('sender.type');
	if (event.eventId !== undefined && (typeof event.eventId !== 'string' || event.eventId === '')) missing.push('eventId');
	return [...new Set(missing)];
}

export interface AvayaMessageItem {
	eventType: string;
	eventId: string;
	eventTimestamp: string;
	messageId: string;
	conversationSessionId: string;
	connectorId: string;
	accountId: string;
	from: string;
	to: string;
	recipients: string[];
	text: string;
	senderType: string;
	channel: string;
	event: MessagesEvent;
}

/** The fields a builder needs at the top level, and the raw event beside them. */
export function eventToItem(event: MessagesEvent): AvayaMessageItem {
	return {
		eventType: event.eventType,
		eventId: event.eventId,
		eventTimestamp: event.eventTimestamp,
		messageId: event.messageId,
		conversationSessionId: event.conversationSessionId,
		connectorId: event.connectorId,
		accountId: event.accountId,
		from: event.headers.from,
		to: event.headers.to[0] ?? '',
		recipients: event.headers.to,
		text: event.body.text,
		senderType: String(event.sender.type).toLowerCase(),
		channel: event.channel,
		event,
	};
}

/** Avaya's events as the trigger pipeline needs them: control, ignored, bad, or a message to run. */
export function classifyEvent(event: IDataObject, options: { senderTypes: string[]; emitHealthCheck: boolean }): Classification {
	const eventType = String(event.eventType ?? '').toLowerCase();
	const eventId = typeof event.eventId === 'string' ? event.eventId : '';
	if (eventType === EVENT_TYPES.healthCheck) {
		return { kind: 'answer', answer: { status: 'ok' }, run: options.emitHealthCheck ? [{ ...event, event }] : undefined };
	}
	if (eventType !== EVENT_TYPES.messages) {
		// Unknown event types are acknowledged so Avaya does not retry them; they start no run.
		return { kind: 'answer', answer: { status: 'ignored', reason: `event type "${eventType}" is not handled` } };
	}
	const missing = missingEventFields(event);
	if (missing.length) return { kind: 'reject', status: 400, message: `The messages event lacks: ${missing.join(', ')}` };
	const message = event as unknown as MessagesEvent;
	const senderType = String(message.sender.type).toLowerCase();
	const wanted = options.senderTypes.map((t) => t.toLowerCase());
	if (!SENDER_TYPES.includes(senderType as (typeof SENDER_TYPES)[number]) || !wanted.includes(senderType)) {
		return { kind: 'answer', answer: { status: 'ignored', reason: `sender type "${senderType}" is not selected` } };
	}
	return {
		kind: 'events',
		events: [{ id: eventId, json: eventToItem(message) as unknown as IDataObject }],
		answer: { status: 'accepted', eventId },
		duplicateAnswer: { status: 'duplicate', eventId },
	};
}

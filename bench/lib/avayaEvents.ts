/** Signed Avaya `messages` events, as the bench's own event sender posts them. */
import { randomUUID } from 'node:crypto';

import { SIGNATURE, type MessagesEvent } from '../../nodes/AvayaInfinity/contract';
import { sign } from '../../nodes/shared/signature';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/config';

export const END_USER = '+14155550123';
export const BUSINESS_NUMBER = DEFAULT_AVAYA_TENANT.registeredNumbers[0];

/** An agent message (business number → end user) carrying `text`. */
export function agentMessage(text: string): MessagesEvent {
	return {
		eventType: 'messages',
		eventId: randomUUID(),
		eventTimestamp: new Date().toISOString(),
		messageId: `msg${randomUUID().replace(/-/g, '').slice(0, 23)}`,
		accountId: DEFAULT_AVAYA_TENANT.accountId,
		conversationSessionId: `cs${randomUUID().replace(/-/g, '').slice(0, 24)}`,
		connectorId: DEFAULT_AVAYA_TENANT.connectorId,
		channel: 'text',
		headers: { from: BUSINESS_NUMBER, to: [END_USER] },
		body: { text },
		sender: { type: 'agent' },
	};
}

/** The bytes and headers Avaya would send for `event`. */
export function signedAvayaRequest(event: unknown, secret = DEFAULT_AVAYA_TENANT.webhookSecret): { body: string; headers: Record<string, string> } {
	const body = JSON.stringify(event);
	return { body, headers: { 'content-type': 'application/json', [SIGNATURE.header]: sign(SIGNATURE, secret, body) } };
}

/** Signed Avaya `messages` events, as the bench's own event sender posts them (built by the sandbox). */
import type { MessagesEvent } from '../../nodes/AvayaInfinity/contract';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { buildMessagesEvent, encodeEvent, messageRoute } from '../../sandbox/vendors/avayaEvents';

export const END_USER = '+14155550123';
export const BUSINESS_NUMBER = DEFAULT_AVAYA_TENANT.registeredNumbers[0];

/** An agent message (business number → end user) carrying `text`. */
export function agentMessage(text: string): MessagesEvent {
	return buildMessagesEvent(DEFAULT_AVAYA_TENANT, { senderType: 'agent', text, ...messageRoute('agent', END_USER, BUSINESS_NUMBER) });
}

/** The bytes and headers Avaya would send for `event`. */
export function signedAvayaRequest(event: MessagesEvent, secret = DEFAULT_AVAYA_TENANT.webhookSecret): { body: string; headers: Record<string, string> } {
	const { bytes, headers } = encodeEvent(event, {}, secret);
	return { body: bytes, headers };
}

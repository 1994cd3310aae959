import { request } from 'undici';

import type { ConfigPatch, SandboxConfig } from './config';
import type { FaultRequest, FaultRule, FiredFault } from './faults';
import type { AcceptedRecord, DeliveryRecord, RecordFilter, RequestRecord, TokenCount } from './recorder';
import type { ChatObject } from '../nodes/CcaiPlatform/contract';
import type { DeliveryOverrides, MessageEventRequest, ValidateResult } from './vendors/avayaEvents';
import type { Interaction, SessionView } from './vendors/alvariaState';
import type { ActiveSession, RateLimitedRecord } from './vendors/ccaiState';
import type { AgentMessageRequest, GenesysDeliveryRecord } from './vendors/genesysEvents';
import type { SmsMessage } from './vendors/sms';
import type { CustomNotification, ProbeResult } from './vendors/webexNotifications';

export class SandboxAdminError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(`sandbox admin answered ${status}: ${JSON.stringify(body)}`);
	}
}

export interface RawResult {
	status: number | null;
	body: string;
	ms: number;
	error?: string;
}

/** Typed client of the sandbox's `/_admin` API, for tests, benchmarks and `npm start` in other processes. */
export class SandboxClient {
	/** `baseUrl` is the sandbox root, e.g. `http://127.0.0.1:4100`. */
	constructor(readonly baseUrl: string) {}

	private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
		const url = new URL(`/_admin/${path}`, this.baseUrl);
		for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
		const response = await request(url, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.body.text();
		const parsed: unknown = text ? JSON.parse(text) : undefined;
		if (response.statusCode >= 300) throw new SandboxAdminError(response.statusCode, parsed);
		return parsed as T;
	}

	health() {
		return this.call<{ ok: boolean; vendors: string[]; uptimeMs: number }>('GET', 'health');
	}

	getConfig() {
		return this.call<SandboxConfig>('GET', 'config');
	}

	/** Merge-patches the config; returns the new one. */
	patchConfig(patch: ConfigPatch) {
		return this.call<SandboxConfig>('POST', 'config', patch);
	}

	reset() {
		return this.call<{ ok: true }>('POST', 'reset', {});
	}

	records(filter: RecordFilter = {}) {
		return this.call<RequestRecord[]>('GET', 'records', undefined, { ...filter });
	}

	accepted(filter: RecordFilter = {}) {
		return this.call<AcceptedRecord[]>('GET', 'accepted', undefined, { ...filter });
	}

	/** Events and other deliveries the sandbox sent, each with its attempts. */
	events(filter: RecordFilter = {}) {
		return this.call<DeliveryRecord[]>('GET', 'events', undefined, { ...filter });
	}

	tokens() {
		return this.call<Record<string, Record<string, TokenCount>>>('GET', 'tokens');
	}

	faults() {
		return this.call<{ pending: FaultRule[]; fired: FiredFault[] }>('GET', 'faults');
	}

	addFault(fault: FaultRequest) {
		return this.call<FaultRule | { applied: 'expire-tokens'; expired: number }>('POST', 'faults', fault);
	}

	clearFaults() {
		return this.call<{ ok: true }>('DELETE', 'faults');
	}

	/** Removes pending faults by rule id or vendor (fired ones stay listed). */
	removeFaults(which: { id?: number; vendor?: string }) {
		return this.call<{ ok: true; removed: number }>('DELETE', 'faults', undefined, which);
	}

	raw(input: { url: string; method?: string; headers?: Record<string, string>; body?: string }) {
		return this.call<RawResult>('POST', 'raw', input);
	}

	avayaValidate(input: { connectorId?: string; webhookUrl?: string } & DeliveryOverrides = {}) {
		return this.call<ValidateResult>('POST', 'avaya/validate', input);
	}

	avayaEvent(input: MessageEventRequest) {
		return this.call<DeliveryRecord>('POST', 'avaya/events', input);
	}

	avayaEndConversations(conversationSessionId?: string) {
		return this.call<{ ended: number }>('POST', 'avaya/conversations/end', conversationSessionId ? { conversationSessionId } : {});
	}

	avayaWebhook(connectorId?: string) {
		const query = connectorId ? `?connectorId=${encodeURIComponent(connectorId)}` : '';
		return this.call<{ connectorId: string; webhookUrl: string; webhookEnabled: boolean }>('GET', `avaya/webhook${query}`);
	}

	/** Sends a signed agent message to the channel's webhook; resolves when delivery ended (answer time, messageId, redeliveries). */
	genesysEvent(input: AgentMessageRequest) {
		return this.call<GenesysDeliveryRecord>('POST', 'genesys/events', input);
	}

	genesysDeliveries() {
		return this.call<GenesysDeliveryRecord[]>('GET', 'genesys/deliveries');
	}

	/** Receipts Genesys accepted; `response.knownMessage` says whether they refer to an agent message it sent. */
	genesysReceipts() {
		return this.call<AcceptedRecord[]>('GET', 'genesys/receipts');
	}

	/** Consumer messages (Send Message) Genesys accepted. */
	genesysMessages() {
		return this.call<AcceptedRecord[]>('GET', 'genesys/messages');
	}

	/** Registers the Webex service's notify URL: a HEAD probe, kept only if it answers 200. */
	webexRegisterNotifyUrl(url: string) {
		return this.call<ProbeResult>('POST', 'webex/notify-url', { url });
	}

	/** Sends an arbitrary body (an incoming SMS, a crafted report) to a notify URL, signed and retried like a report. */
	webexNotify(input: CustomNotification) {
		return this.call<DeliveryRecord>('POST', 'webex/notify', input);
	}

	/** Numbers Webex accepted, one record per number (`id` = the answer's transid). */
	webexMessages() {
		return this.call<AcceptedRecord[]>('GET', 'webex/messages');
	}

	/** Delivery reports and custom notifications sent, with their attempts. */
	webexNotifications() {
		return this.call<DeliveryRecord[]>('GET', 'webex/notifications');
	}

	webexProbes() {
		return this.call<DeliveryRecord[]>('GET', 'webex/probes');
	}

	/** A streaming session, kept alive by default as if the agent application polled it (`keepAlive: false` lets it expire). */
	alvariaCreateSession(input: { orgId?: string; sessionId?: string; userId?: string; keepAlive?: boolean } = {}) {
		return this.call<SessionView>('POST', 'alvaria/sessions', input);
	}

	alvariaCloseSession(sessionId: string) {
		return this.call<SessionView>('POST', 'alvaria/sessions/close', { sessionId });
	}

	alvariaSessions() {
		return this.call<SessionView[]>('GET', 'alvaria/sessions');
	}

	/** Puts an event on a session's long poll. */
	alvariaQueueEvent(sessionId: string, event: unknown) {
		return this.call<SessionView>('POST', 'alvaria/events', { sessionId, event });
	}

	alvariaOpenInteraction(input: { orgId?: string; interactionId?: string } = {}) {
		return this.call<Interaction>('POST', 'alvaria/interactions', input);
	}

	alvariaCloseInteraction(interactionId: string, orgId?: string) {
		return this.call<Interaction>('POST', 'alvaria/interactions/close', orgId ? { interactionId, orgId } : { interactionId });
	}

	alvariaInteractions() {
		return this.call<Interaction[]>('GET', 'alvaria/interactions');
	}

	/** What Alvaria accepted (202), optionally of one operation (`sendText`, `sendUrl`, `notification`). */
	alvariaSent(kind?: string) {
		return this.call<AcceptedRecord[]>('GET', `alvaria/sent${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`);
	}

	/** Ends the active SMS sessions matching the filter (all without one). */
	ccaiEndSessions(filter: { subdomain?: string; end_user_number?: string; chatId?: number } = {}) {
		return this.call<{ ended: number }>('POST', 'ccai/sessions/end', filter);
	}

	ccaiSessions() {
		return this.call<ActiveSession[]>('GET', 'ccai/sessions');
	}

	ccaiChats() {
		return this.call<ChatObject[]>('GET', 'ccai/chats');
	}

	/** Every request the per-customer rate limit refused with 429. */
	ccaiRateLimited() {
		return this.call<RateLimitedRecord[]>('GET', 'ccai/rate-limited');
	}

	smsOutbound() {
		return this.call<SmsMessage[]>('GET', 'sms/outbound');
	}

	smsInbound(input: { webhookUrl?: string; from: string; to: string; text: string }) {
		return this.call<DeliveryRecord>('POST', 'sms/inbound', input);
	}
}

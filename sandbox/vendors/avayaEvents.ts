import { randomUUID } from 'node:crypto';

import {
	CHANNEL,
	EVENT_TYPES,
	SENDER_TYPES,
	SIGNATURE,
	isRetriedByAvaya,
	type AvayaEvent,
	type HealthCheckEvent,
	type MessagesEvent,
	type SenderType,
} from '../../nodes/AvayaInfinity/contract';
import { sign } from '../../nodes/shared/signature';
import type { DeliveryPolicy } from '../deliveryPolicy';
import type { AvayaTenant } from './avayaConfig';
import { deliver } from '../delivery';
import { AdminInputError } from '../http';
import type { DeliveryAttempt, DeliveryRecord, SentSignature } from '../recorder';
import type { SandboxContext } from './types';
import { newAvayaId, type AvayaState } from './avayaState';

/** How an event's bytes are produced and signed. */
export interface EncodingOptions {
	/** `JSON.stringify(event, null, 2)` instead of compact JSON; signed over those bytes. */
	pretty?: boolean;
	/** Send no signature header. */
	unsigned?: boolean;
	/** Sign with this secret instead of the tenant's (a forged signature). */
	secretOverride?: string;
}

export interface DeliveryOverrides extends EncodingOptions {
	/** Send to this URL instead of the tenant's webhook URL (once; the config is unchanged). */
	webhookUrl?: string;
	maxAttempts?: number;
	baseDelayMs?: number;
}

export interface MessageEventRequest extends DeliveryOverrides {
	connectorId?: string;
	senderType: SenderType;
	from?: string;
	to?: string[];
	text: string;
	eventId?: string;
	messageId?: string;
	conversationSessionId?: string;
}

export interface ValidateResult {
	delivered: boolean;
	attempts: Array<Pick<DeliveryAttempt, 'status' | 'body' | 'ms'> & { error?: string }>;
	webhookEnabled: boolean;
	record: DeliveryRecord;
}

/** The ids an event names its connector by. */
export type EventTenant = Pick<AvayaTenant, 'accountId' | 'connectorId'>;

export interface MessagesEventFields {
	senderType: SenderType;
	text: string;
	from: string;
	to: string[];
	eventId?: string;
	eventTimestamp?: string;
	messageId?: string;
	conversationSessionId?: string;
}

/** Agent and bot messages go business number → end user; customer messages the reverse (vendor doc examples). */
export function messageRoute(senderType: SenderType, endUser: string, businessNumber: string): { from: string; to: string[] } {
	return senderType === 'customer' ? { from: endUser, to: [businessNumber] } : { from: businessNumber, to: [endUser] };
}

/**
 * A `messages` event exactly as Avaya sends it (the one builder the sandbox, the tests, the bench and
 * `npm run play` use). Ids and the timestamp are fresh unless given.
 */
export function buildMessagesEvent(tenant: EventTenant, fields: MessagesEventFields): MessagesEvent {
	return {
		eventType: EVENT_TYPES.messages,
		eventId: fields.eventId ?? randomUUID(),
		eventTimestamp: fields.eventTimestamp ?? new Date().toISOString(),
		messageId: fields.messageId ?? newAvayaId(),
		accountId: tenant.accountId,
		conversationSessionId: fields.conversationSessionId ?? newAvayaId(),
		connectorId: tenant.connectorId,
		channel: CHANNEL,
		headers: { from: fields.from, to: fields.to },
		body: { text: fields.text },
		sender: { type: fields.senderType },
	};
}

/** A `health_check` event (what Avaya sends when an admin clicks Validate URL). */
export function buildHealthCheckEvent(tenant: EventTenant, fields: { eventId?: string; eventTimestamp?: string } = {}): HealthCheckEvent {
	return {
		eventType: EVENT_TYPES.healthCheck,
		eventId: fields.eventId ?? randomUUID(),
		eventTimestamp: fields.eventTimestamp ?? new Date().toISOString(),
		accountId: tenant.accountId,
		connectorId: tenant.connectorId,
	};
}

/** The bytes Avaya sends for `event` and its headers (`x-avaya-event-signature` when there is a secret). */
export function encodeEvent(
	event: AvayaEvent,
	options: EncodingOptions,
	tenantSecret: string,
): { bytes: string; headers: Record<string, string>; signature: SentSignature } {
	const bytes = options.pretty ? JSON.stringify(event, null, 2) : JSON.stringify(event);
	const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'avaya-infinity-sandbox' };
	const secret = options.secretOverride ?? tenantSecret;
	// Avaya signs only when a Secret Key is set on the connector (vendor doc, "Securing Webhook").
	if (options.unsigned || !secret) return { bytes, headers, signature: 'unsigned' };
	headers[SIGNATURE.header] = sign(SIGNATURE, secret, bytes);
	return { bytes, headers, signature: options.secretOverride === undefined ? 'signed' : 'forged' };
}

export class AvayaEvents {
	constructor(
		private readonly ctx: SandboxContext,
		private readonly state: AvayaState,
	) {}

	tenant(connectorId?: string): AvayaTenant {
		const tenants = this.ctx.config().avaya.tenants;
		const tenant = connectorId ? tenants.find((candidate) => candidate.connectorId === connectorId) : tenants[0];
		if (!tenant) throw new AdminInputError(connectorId ? `no Avaya tenant with connectorId ${connectorId}` : 'no Avaya tenant configured');
		return tenant;
	}

	/** Admin "Validate URL": one health_check; anything but 200 disables the webhook. */
	async validate(input: { connectorId?: string; webhookUrl?: string } & EncodingOptions): Promise<ValidateResult> {
		const tenant = this.tenant(input.connectorId);
		if (input.webhookUrl !== undefined) tenant.webhookUrl = input.webhookUrl;
		const event = buildHealthCheckEvent(tenant);
		const record = await this.dispatch(tenant, event, { ...input, maxAttempts: 1 }, true);
		const delivered = record.attempts.some((attempt) => attempt.status === 200);
		this.state.setWebhookEnabled(tenant, delivered);
		return {
			delivered,
			attempts: record.attempts.map(({ status, body, ms, error }) => ({ status, body, ms, ...(error ? { error } : {}) })),
			webhookEnabled: delivered,
			record,
		};
	}

	/** A `messages` event. For agent/bot `from` is the business number and `to[0]` the end user; for customer the reverse. */
	sendMessage(input: MessageEventRequest): Promise<DeliveryRecord> {
		if (!(SENDER_TYPES as readonly string[]).includes(input.senderType)) {
			throw new AdminInputError(`senderType must be one of ${SENDER_TYPES.join(', ')}`);
		}
		if (typeof input.text !== 'string') throw new AdminInputError('text is required');
		const tenant = this.tenant(input.connectorId);
		const business = tenant.registeredNumbers[0];
		const fromCustomer = input.senderType === 'customer';
		const latest = this.state.latestEndUser(tenant.connectorId);
		const from = input.from ?? (fromCustomer ? latest : business);
		const to = input.to ?? [(fromCustomer ? business : latest) as string];
		if (!from || !to[0]) throw new AdminInputError('from/to are required: no end user has written yet');
		const [endUser, businessNumber] = fromCustomer ? [from, to[0]] : [to[0], from];
		const event = buildMessagesEvent(tenant, {
			senderType: input.senderType,
			text: input.text,
			from,
			to,
			eventId: input.eventId,
			messageId: input.messageId,
			conversationSessionId:
				input.conversationSessionId ??
				this.state.conversationFor({ connectorId: tenant.connectorId, channel: CHANNEL, endUser, businessNumber }),
		});
		return this.dispatch(tenant, event, input, false);
	}

	private async dispatch(tenant: AvayaTenant, event: AvayaEvent, overrides: DeliveryOverrides, isValidation: boolean): Promise<DeliveryRecord> {
		const url = overrides.webhookUrl ?? tenant.webhookUrl;
		const { bytes, headers, signature } = encodeEvent(event, overrides, tenant.webhookSecret);
		const record = this.ctx.recorder.delivery({ vendor: 'avaya', kind: event.eventType, url, headers: { ...headers }, bytes, event, signature });
		if (!url) {
			record.skipped = 'no-webhook-url';
			return record;
		}
		if (!isValidation && !this.state.webhookEnabled(tenant)) {
			record.skipped = 'webhook-disabled';
			return record;
		}
		const base = this.ctx.config().avaya.delivery;
		const policy: DeliveryPolicy = {
			...base,
			maxAttempts: overrides.maxAttempts ?? base.maxAttempts,
			baseDelayMs: overrides.baseDelayMs ?? base.baseDelayMs,
		};
		const delivered = isValidation ? (status: number) => status === 200 : (status: number) => status >= 200 && status < 300;
		return deliver(record, { url, headers, body: bytes }, policy, { retryStatus: isRetriedByAvaya, delivered }, this.ctx.scheduler);
	}
}


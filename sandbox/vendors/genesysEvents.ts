import { randomUUID } from 'node:crypto';

import {
	HEADERS,
	MESSAGE_TYPES,
	SIGNATURE,
	WEBHOOK_DEADLINE_MS,
	type InboundMessage,
} from '../../nodes/GenesysMulticloud/contract';
import { sign } from '../../nodes/shared/signature';
import type { DeliveryPolicy } from '../deliveryPolicy';
import { deliver } from '../delivery';
import { AdminInputError, isPlainObject } from '../http';
import type { DeliveryRecord, SentSignature } from '../recorder';
import type { GenesysConfig, GenesysTenant } from './genesysConfig';
import type { GenesysState } from './genesysState';
import type { SandboxContext } from './types';

/** How an agent message's bytes are produced and signed. */
export interface GenesysEncoding {
	/** `JSON.stringify(body, null, 2)`; signed over those bytes. */
	pretty?: boolean;
	/** Send no X-Hub-Signature. */
	unsigned?: boolean;
	/** Sign with this secret instead of the channel's (a forged signature). */
	secretOverride?: string;
	/** Send `{"messages":[…]}` instead of the bare message object. */
	wrap?: boolean;
}

export interface AgentMessageRequest extends GenesysEncoding {
	channelId?: string;
	type?: 'Text' | 'Email';
	text?: string;
	/** Email only. */
	subject?: string;
	html?: string;
	replyTo?: { id: string; name?: string };
	/** Business address; defaults to the channel's first business id. */
	from?: string;
	/** Consumer address; defaults to the latest consumer who wrote on the channel. */
	to?: string;
	messageId?: string;
	/** Send to this URL instead of the channel's webhook URL (once; the config is unchanged). */
	webhookUrl?: string;
	maxAttempts?: number;
	baseDelayMs?: number;
	/** The answer deadline; Genesys's is 10 s. */
	timeoutMs?: number;
}

/** One webhook attempt as Genesys judges it. */
export interface AnswerCheck {
	attempt: number;
	status: number | null;
	ms: number;
	/** `messageId` of the answer body, when there was one. */
	answeredMessageId?: string;
	withinDeadline: boolean;
}

/** What the sandbox adds to a delivery record of an agent message. */
export interface GenesysDeliveryInfo {
	messageId: string;
	answers: AnswerCheck[];
	/** The messageId of the answer that ended delivery. */
	answeredMessageId?: string;
	/** The answer's messageId equals channel.messageId (what receipts will refer to). */
	matches: boolean;
	/** ms of the answer that ended delivery. */
	answerMs?: number;
	redeliveries: number;
}

export type GenesysDeliveryRecord = DeliveryRecord & { genesys: GenesysDeliveryInfo };

let sequence = 0;

/** Ids like the doc's `1613474523265-0`: the time, then a counter that keeps them unique within a process. */
export function newGenesysId(): string {
	return `${Date.now()}-${sequence++}`;
}

export interface AgentMessageFields {
	channelId: string;
	/** Business address. */
	from: string;
	/** Consumer address. */
	to: string;
	text: string;
	type?: 'Text' | 'Email';
	messageId?: string;
	/** Email only. */
	subject?: string;
	html?: string;
	replyTo?: { id: string; name?: string };
}

/**
 * An agent message exactly as Genesys posts it to the third-party webhook (the one builder the
 * sandbox, the tests and the bench use); a fresh messageId unless given.
 */
export function buildAgentMessage(fields: AgentMessageFields): InboundMessage {
	const type = fields.type ?? MESSAGE_TYPES.text;
	const channel: InboundMessage['channel'] = {
		id: fields.channelId,
		type: type === MESSAGE_TYPES.email ? 'email' : 'sms',
		from: { id: fields.from },
		to: { id: fields.to },
		messageId: fields.messageId ?? newGenesysId(),
	};
	if (type === MESSAGE_TYPES.text) return { channel, type, text: fields.text };
	if (fields.replyTo) channel.context = { replyTo: fields.replyTo };
	const content = [{ type: 'text', text: fields.text }];
	if (typeof fields.html === 'string') content.push({ type: 'html', text: fields.html });
	return { channel, type, subject: fields.subject ?? '', content };
}

function answeredMessageId(body: string): string | undefined {
	try {
		const parsed: unknown = JSON.parse(body);
		return isPlainObject(parsed) && typeof parsed.messageId === 'string' ? parsed.messageId : undefined;
	} catch {
		return undefined;
	}
}

export function encodeAgentMessage(
	message: InboundMessage,
	options: GenesysEncoding,
	appSecret: string,
): { bytes: string; headers: Record<string, string>; signature: SentSignature } {
	const body = options.wrap ? { messages: [message] } : message;
	const bytes = options.pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'user-agent': 'genesys-digital-channels-sandbox',
		[HEADERS.traceId]: randomUUID(),
	};
	if (options.unsigned) return { bytes, headers, signature: 'unsigned' };
	headers[SIGNATURE.header] = sign(SIGNATURE, options.secretOverride ?? appSecret, bytes);
	return { bytes, headers, signature: options.secretOverride === undefined ? 'signed' : 'forged' };
}

export class GenesysEvents {
	constructor(
		private readonly ctx: SandboxContext,
		private readonly config: () => GenesysConfig,
		private readonly state: GenesysState,
	) {}

	tenant(channelId?: string): GenesysTenant {
		const tenants = this.config().tenants;
		const tenant = channelId ? tenants.find((candidate) => candidate.channelId === channelId) : tenants[0];
		if (!tenant) throw new AdminInputError(channelId ? `no Genesys channel ${channelId}` : 'no Genesys channel configured');
		return tenant;
	}

	buildMessage(tenant: GenesysTenant, input: AgentMessageRequest): InboundMessage {
		const type = input.type ?? MESSAGE_TYPES.text;
		if (type !== MESSAGE_TYPES.text && type !== MESSAGE_TYPES.email) throw new AdminInputError('type must be Text or Email');
		if (typeof input.text !== 'string') throw new AdminInputError('text is required');
		const to = input.to ?? this.state.latestConsumer(tenant.channelId);
		if (!to) throw new AdminInputError('to is required: no consumer has written on this channel yet');
		return buildAgentMessage({ ...input, type, text: input.text, channelId: tenant.channelId, from: input.from ?? tenant.businessIds[0], to });
	}

	/** Sends one agent message to the channel's webhook, redelivering on 5xx and on no answer within the deadline. */
	async send(input: AgentMessageRequest): Promise<GenesysDeliveryRecord> {
		const tenant = this.tenant(input.channelId);
		const message = this.buildMessage(tenant, input);
		const url = input.webhookUrl ?? tenant.webhookUrl;
		const { bytes, headers, signature } = encodeAgentMessage(message, input, tenant.appSecret);
		const record = this.ctx.recorder.delivery({ vendor: 'genesys', kind: message.type, url, headers: { ...headers }, bytes, event: message, signature });
		const info: GenesysDeliveryInfo = { messageId: message.channel.messageId, answers: [], matches: false, redeliveries: 0 };
		const full = Object.assign(record, { genesys: info });
		this.state.rememberAgentMessage(tenant.channelId, message, full);
		if (!url) {
			record.skipped = 'no-webhook-url';
			return full;
		}
		const base = this.config().delivery;
		const policy: DeliveryPolicy = {
			maxAttempts: input.maxAttempts ?? base.maxAttempts,
			baseDelayMs: input.baseDelayMs ?? base.baseDelayMs,
			timeoutMs: input.timeoutMs ?? base.timeoutMs ?? WEBHOOK_DEADLINE_MS,
		};
		const isSuccess = (status: number) => status >= 200 && status < 300;
		// 5xx and no answer (including none within the deadline) are redelivered; other 4xx are not [I].
		await deliver(record, { url, headers, body: bytes }, policy, { retryStatus: (status) => status >= 500, delivered: isSuccess }, this.ctx.scheduler);
		info.answers = record.attempts.map((attempt) => ({
			attempt: attempt.attempt,
			status: attempt.status,
			ms: attempt.ms,
			answeredMessageId: attempt.status !== null ? answeredMessageId(attempt.body) : undefined,
			withinDeadline: attempt.status !== null && attempt.ms <= policy.timeoutMs,
		}));
		info.redeliveries = Math.max(0, record.attempts.length - 1);
		const final = info.answers[info.answers.length - 1];
		if (record.delivered && final) {
			info.answeredMessageId = final.answeredMessageId;
			info.matches = final.answeredMessageId === message.channel.messageId;
			info.answerMs = final.ms;
		}
		return full;
	}
}

import { randomBytes, randomUUID } from 'node:crypto';

import { isPossiblePhoneNumber } from 'libphonenumber-js/min';

import type { SmsProviderConfig } from './smsConfig';
import { deliver } from '../delivery';
import { AdminInputError, contentTypeIs, isPlainObject, jsonReply, parseJson, type ReceivedRequest, type Reply } from '../http';
import type { SandboxContext, VendorMount } from './types';

/**
 * A generic SMS provider: the end user's phone network in the demo bridge. Not a real vendor's
 * contract; its shapes are the sandbox's own.
 */
const E164 = /^\+[1-9]\d{1,14}$/;
/** Ten concatenated SMS segments; the stand-in's own limit. */
export const SMS_TEXT_LIMIT = 1600;

export interface SmsMessage {
	id: string;
	status: 'queued';
	from: string;
	to: string;
	text: string;
}

export interface InboundSms {
	messageId: string;
	from: string;
	to: string;
	text: string;
	receivedAt: string;
}

function phoneProblem(value: unknown): string | undefined {
	if (typeof value !== 'string' || value === '') return 'is required';
	if (!E164.test(value) || !isPossiblePhoneNumber(value)) return 'must be an E.164 phone number, e.g. +15551234567';
	return undefined;
}

/** The first bad field of an SMS, as `{error, field}`. */
function smsProblem(message: Record<string, unknown>): { error: string; field: string } | undefined {
	for (const field of ['from', 'to'] as const) {
		const problem = phoneProblem(message[field]);
		if (problem) return { error: `${field} ${problem}`, field };
	}
	if (typeof message.text !== 'string' || message.text.trim() === '') return { error: 'text is required', field: 'text' };
	if (message.text.length > SMS_TEXT_LIMIT) return { error: `text is longer than ${SMS_TEXT_LIMIT} characters`, field: 'text' };
	return undefined;
}

/** The webhook of the business number an end user texted: its own, else the provider-wide one. */
export function inboundWebhookFor(config: SmsProviderConfig, to: string): string {
	const number = config.numbers.find((candidate) => candidate.number === to);
	return number ? number.webhookUrl : config.inboundWebhookUrl;
}

export function createSmsProvider(ctx: SandboxContext): VendorMount {
	function outbound(request: ReceivedRequest): Reply {
		if (request.method !== 'POST') return jsonReply(405, { error: 'method not allowed', field: 'method' });
		if (!contentTypeIs(request.headers, 'application/json')) return jsonReply(400, { error: 'Content-Type must be application/json', field: 'content-type' });
		const parsed = parseJson(request.raw);
		if (!parsed.ok || !isPlainObject(parsed.value)) return jsonReply(400, { error: 'body must be a JSON object', field: 'body' });
		const problem = smsProblem(parsed.value);
		if (problem) return jsonReply(400, problem);
		const { from, to, text } = parsed.value as { from: string; to: string; text: string };
		const message: SmsMessage = { id: `SM${randomBytes(16).toString('hex')}`, status: 'queued', from, to, text };
		ctx.recorder.accept({ vendor: 'sms', kind: 'sms', path: '/sms/messages', id: message.id, request: parsed.value, response: message });
		return jsonReply(201, message);
	}

	/** An end user "sends an SMS": the provider POSTs it to the inbound webhook. */
	async function inbound(body: Record<string, unknown>): Promise<Reply> {
		const problem = smsProblem(body);
		if (problem) throw new AdminInputError(problem.error);
		const config = ctx.config().sms;
		const url = typeof body.webhookUrl === 'string' ? body.webhookUrl : inboundWebhookFor(config, body.to as string);
		const sms: InboundSms = {
			messageId: `SM${randomUUID().replace(/-/g, '')}`,
			from: body.from as string,
			to: body.to as string,
			text: body.text as string,
			receivedAt: new Date().toISOString(),
		};
		const bytes = JSON.stringify(sms);
		const headers = { 'content-type': 'application/json', 'user-agent': 'sms-provider-sandbox' };
		const record = ctx.recorder.delivery({ vendor: 'sms', kind: 'inbound', url, headers, bytes, event: sms });
		if (!url) {
			record.skipped = 'no-webhook-url';
			return jsonReply(200, record);
		}
		const isSuccess = (status: number) => status >= 200 && status < 300;
		await deliver(record, { url, headers, body: bytes }, config.delivery, { retryStatus: (status) => status >= 500, delivered: isSuccess }, ctx.scheduler);
		return jsonReply(200, record);
	}

	return {
		name: 'sms',
		title: 'SMS provider (stand-in)',
		prefix: '/sms',
		kinds: ['sms'],
		classify: (path) => (path === '/messages' ? 'sms' : undefined),
		handle: (_kind, request) => outbound(request),
		faultReply: (_kind, fault) => jsonReply(fault.status, fault.body ?? { error: `provider answered ${fault.status}`, field: '' }),
		admin: {
			outbound: { method: 'GET', handler: () => jsonReply(200, ctx.recorder.accepted({ vendor: 'sms' }).map((record) => record.response)) },
			inbound: { method: 'POST', handler: inbound },
		},
		describe: () => [
			'SMS provider stand-in:',
			`  Send an SMS to an end user:  POST ${ctx.baseUrl()}/sms/messages  {"from","to","text"}`,
			...ctx.config().sms.numbers.map(
				(number) => `  Inbound SMS to ${number.number}: ${number.webhookUrl || '(not set: sms.numbers[].webhookUrl)'}${number.vendor ? ` (${number.vendor})` : ''}`,
			),
			`  Other inbound SMS go to:     ${ctx.config().sms.inboundWebhookUrl || '(not set: sms.inboundWebhookUrl)'}`,
		],
		reset: () => undefined,
	};
}

import {
	HUB_SIGNATURE_SCHEMES,
	STATUS_CODES,
	STATUS,
	isRetriedByWebex,
	type DeliveryInfoNotification,
	type StatusCode,
} from '../../nodes/WebexConnect/contract';
import { sign } from '../../nodes/shared/signature';
import type { DeliveryPolicy } from '../deliveryPolicy';
import { deliver, sendOnce } from '../delivery';
import { AdminInputError } from '../http';
import type { DeliveryRecord } from '../recorder';
import type { WebexConfig, WebexService } from './webexConfig';
import type { SandboxContext } from './types';

/** One accepted number whose reports the sandbox will send. */
export interface QueuedMessage {
	transid: string;
	msisdn: string;
	correlationid: string;
	callbackData: string;
	/** Resolved when the request was accepted: its `notifyurl`, else the service's. */
	notifyUrl: string;
	finalCode: StatusCode;
}

/** How a notification's signature is made (admin overrides for trigger tests). */
export interface SigningOptions {
	/** Send no x-hub-signature even with a hub secret. */
	unsigned?: boolean;
	/** Sign with this secret instead of the hub secret (a forged signature). */
	secretOverride?: string;
}

export interface CustomNotification extends SigningOptions {
	/** Sent as is when a string, else as compact JSON. */
	body: unknown;
	/** Defaults to the service's notify URL. */
	url?: string;
}

export interface ProbeResult {
	registered: boolean;
	status: number | null;
	notifyUrl: string;
	record: DeliveryRecord;
}

/** Webex's timestamps carry an offset (`2022-10-10T13:53:13.749+01:00`); the sandbox's is UTC. */
function webexTimestamp(at: Date): string {
	return at.toISOString().replace('Z', '+00:00');
}

/** A delivery report in the doc's key order (sms-outbound-webhooks). */
export function deliveryReport(message: QueuedMessage, code: StatusCode, at = new Date()): DeliveryInfoNotification {
	const status = STATUS_CODES[code];
	return {
		deliveryInfoNotification: {
			deliveryInfo: {
				timeStamp: webexTimestamp(at),
				Description: status.description,
				code,
				deliveryChannel: 'SMS',
				additionalInfo: '',
				destination: message.msisdn,
				destinationType: 'msisdn',
				deliveryStatus: status.deliveryStatus,
			},
			subtid: '',
			transid: message.transid,
			callbackData: message.callbackData,
			correlationid: message.correlationid,
		},
	};
}

function isHttpUrl(url: string): boolean {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:';
	} catch {
		return false;
	}
}

const USER_AGENT = 'webex-connect-sandbox';

/** The bytes and headers Webex sends for a notification `body`: signed with the service's hub secret when it has one. */
export function encodeNotification(
	body: unknown,
	service: Pick<WebexService, 'hubSecret' | 'hubAlgorithm' | 'hubPrefix'>,
	options: SigningOptions = {},
): { bytes: string; headers: Record<string, string> } {
	const bytes = typeof body === 'string' ? body : JSON.stringify(body);
	const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT };
	const secret = options.secretOverride ?? service.hubSecret;
	if (!options.unsigned && secret) {
		const scheme = HUB_SIGNATURE_SCHEMES[service.hubAlgorithm];
		headers[scheme.header] = sign(service.hubPrefix ? scheme : { ...scheme, prefix: '' }, secret, bytes);
	}
	return { bytes, headers };
}

/** Sends delivery reports (and admin-made notifications) to notify URLs, with Webex's signature and retries. */
export class WebexNotifier {
	/** Bumped by reset(): reports scheduled before it are dropped. */
	private generation = 0;

	constructor(
		private readonly ctx: SandboxContext,
		private readonly config: () => WebexConfig,
	) {}

	encode(body: unknown, options: SigningOptions = {}): { bytes: string; headers: Record<string, string> } {
		return encodeNotification(body, this.config().service, options);
	}

	/** Reports for one accepted number: optionally `Submitted` first (not before a `Failed`), then the final status. */
	schedule(message: QueuedMessage): void {
		const policy = this.config().notifications;
		const generation = this.generation;
		const withSubmitted = policy.submitted && STATUS_CODES[message.finalCode].deliveryStatus !== 'Failed';
		if (withSubmitted) this.ctx.scheduler.later(policy.firstDelayMs, () => this.report(generation, message, STATUS.submitted));
		const finalAt = policy.firstDelayMs + (withSubmitted ? policy.finalDelayMs : 0);
		this.ctx.scheduler.later(finalAt, () => this.report(generation, message, message.finalCode));
	}

	private async report(generation: number, message: QueuedMessage, code: StatusCode): Promise<DeliveryRecord | undefined> {
		if (generation !== this.generation) return undefined;
		const body = deliveryReport(message, code);
		return this.send('deliveryInfoNotification', message.notifyUrl, body, {});
	}

	/** An arbitrary notification (e.g. an incoming SMS, or a vector body), signed and retried like a report. */
	notify(input: CustomNotification): Promise<DeliveryRecord> {
		if (input.body === undefined) throw new AdminInputError('body is required');
		if (input.url !== undefined && typeof input.url !== 'string') throw new AdminInputError('url must be a string');
		return this.send('custom', input.url ?? this.config().service.notifyUrl, input.body, input);
	}

	private async send(kind: string, url: string, body: unknown, options: SigningOptions): Promise<DeliveryRecord> {
		const { bytes, headers } = this.encode(body, options);
		const record = this.ctx.recorder.delivery({ vendor: 'webex', kind, url, headers: { ...headers }, bytes, event: typeof body === 'string' ? undefined : body });
		if (!url) {
			record.skipped = 'no-notify-url';
			return record;
		}
		// An invalid notifyurl is accepted with the request, but nothing can reach it [C: no retries].
		if (!isHttpUrl(url)) {
			record.skipped = 'invalid-notify-url';
			return record;
		}
		const { retries, retryIntervalMs, timeoutMs } = this.config().notifications;
		const policy: DeliveryPolicy = { maxAttempts: retries + 1, baseDelayMs: retryIntervalMs, timeoutMs };
		const rule = { retryStatus: isRetriedByWebex, delivered: (status: number) => status === 200, backoff: 'fixed' as const };
		return deliver(record, { url, headers, body: bytes }, policy, rule, this.ctx.scheduler);
	}

	/** Registering a notify URL: Webex saves it only if a HEAD answers 200 [C]. */
	async probe(url: unknown): Promise<ProbeResult> {
		if (typeof url !== 'string' || !isHttpUrl(url)) throw new AdminInputError('url must be an http(s) URL');
		const record = this.ctx.recorder.delivery({ vendor: 'webex', kind: 'probe', url, headers: { 'user-agent': USER_AGENT }, bytes: '' });
		const result = await sendOnce({ url, method: 'HEAD', headers: { 'user-agent': USER_AGENT }, body: '' }, this.config().notifications.timeoutMs, this.ctx.scheduler.signal);
		record.attempts.push({ attempt: 1, ...result });
		record.delivered = result.status === 200;
		const service = this.config().service;
		if (record.delivered) service.notifyUrl = url;
		return { registered: record.delivered, status: result.status, notifyUrl: service.notifyUrl, record };
	}

	reset(): void {
		this.generation += 1;
	}
}

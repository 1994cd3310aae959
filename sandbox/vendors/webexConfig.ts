import type { ConfigSection } from '../configTools';
import {
	HUB_ALGORITHMS,
	JWT,
	LIMITS,
	NOTIFICATION,
	STATUS_CODES,
	isStatusCode,
	type HubAlgorithm,
	type StatusCode,
} from '../../nodes/WebexConnect/contract';

/** Which credentials the service's API settings accept [C: the service picks the method]. */
export type WebexAuthMode = 'key' | 'jwt' | 'both';

/** One Webex Connect service: its credentials, notify URL, hub secret and switches. */
export interface WebexService {
	serviceId: string;
	/** Expected in the `key` header. */
	serviceKey: string;
	/** Base64, as Webex shows it; JWTs are signed with the decoded bytes. */
	serviceSecret: string;
	auth: WebexAuthMode;
	/** [I] A JWT whose `iat` is older than this is refused (7001). */
	jwtMaxAgeSeconds: number;
	/** [I] Clock skew allowed for an `iat` in the future. */
	jwtMaxFutureSeconds: number;
	/** Signs notifications (`x-hub-signature`) when non-empty. */
	hubSecret: string;
	hubAlgorithm: HubAlgorithm;
	/** [U] Prefix the signature with `sha256=` / `sha512=`. */
	hubPrefix: boolean;
	/** The service's notify URL; a request's `notifyurl` wins. Set it with a HEAD probe through the admin API. */
	notifyUrl: string;
	/** Sender ids configured on the channel; empty accepts any. Others are queued, then fail with 7101. */
	senderIds: string[];
	/** false → every request answers 7007 Service inactive. */
	active: boolean;
	/** false → every request answers 7010 (the caller's IP is not in the allow-list). */
	ipAllowed: boolean;
	/** The account's messaging TPS; when lower than 1000 it caps destinations per request. 0: no account cap. */
	accountTps: number;
}

/** A number whose delivery fails with `code` (e.g. 7109 DND). */
export interface FailingNumber {
	msisdn: string;
	code: StatusCode;
}

export interface WebexNotificationPolicy {
	/** Send a `Submitted` (7501) report before the final one (not before a `Failed` one). */
	submitted: boolean;
	/** From the send answer to the first report. */
	firstDelayMs: number;
	/** From the `Submitted` report to the final one. */
	finalDelayMs: number;
	/** Retries after the first attempt (Webex: 3, 60 s apart, on no answer, a timeout or a retried status). */
	retries: number;
	retryIntervalMs: number;
	/** Webex waits 10 s for the 200. */
	timeoutMs: number;
	failingNumbers: FailingNumber[];
}

export interface WebexConfig {
	service: WebexService;
	notifications: WebexNotificationPolicy;
}

export const DEFAULT_WEBEX_SERVICE: Readonly<WebexService> = Object.freeze({
	serviceId: 'sandbox-webex-service',
	serviceKey: 'sandbox-webex-service-key-example',
	serviceSecret: Buffer.from('sandbox-webex-service-secret-example', 'utf8').toString('base64'),
	auth: 'both',
	jwtMaxAgeSeconds: JWT.lifetimeSeconds,
	jwtMaxFutureSeconds: 300,
	hubSecret: 'sandbox-webex-hub-secret-example',
	hubAlgorithm: 'sha256',
	hubPrefix: false,
	notifyUrl: '',
	senderIds: [],
	active: true,
	ipAllowed: true,
	accountTps: 0,
});

export function defaultWebexConfig(): WebexConfig {
	return {
		service: { ...DEFAULT_WEBEX_SERVICE, senderIds: [] },
		notifications: {
			submitted: false,
			firstDelayMs: 200,
			finalDelayMs: 300,
			retries: NOTIFICATION.retries,
			retryIntervalMs: NOTIFICATION.retryIntervalMs,
			timeoutMs: NOTIFICATION.timeoutMs,
			failingNumbers: [],
		},
	};
}

/**
 * The key JWTs are signed with, as the string the shared HMAC code takes: the decoded secret, which
 * must therefore be UTF-8 text. undefined when the secret is not such Base64.
 */
export function jwtKeyOf(serviceSecret: string): string | undefined {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(serviceSecret) || serviceSecret.length % 4 !== 0) return undefined;
	const bytes = Buffer.from(serviceSecret, 'base64');
	const text = bytes.toString('utf8');
	return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

/** The destinations one request may carry: 1000, or the account's TPS when lower. */
export function destinationCap(service: WebexService): number {
	return service.accountTps > 0 ? Math.min(LIMITS.destinations, service.accountTps) : LIMITS.destinations;
}

function nonNegative(value: unknown): boolean {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function webexConfigProblem(config: WebexConfig): string | undefined {
	const { service, notifications } = config;
	if (!service.serviceId) return 'webex.service.serviceId is required';
	if (jwtKeyOf(service.serviceSecret) === undefined) {
		return 'webex.service.serviceSecret must be Base64 of UTF-8 text (the sandbox signs with string keys)';
	}
	if (!['key', 'jwt', 'both'].includes(service.auth)) return "webex.service.auth must be 'key', 'jwt' or 'both'";
	if (!(HUB_ALGORITHMS as readonly string[]).includes(service.hubAlgorithm)) return 'webex.service.hubAlgorithm must be sha256 or sha512';
	if (!Array.isArray(service.senderIds)) return 'webex.service.senderIds must be an array';
	for (const key of ['jwtMaxAgeSeconds', 'jwtMaxFutureSeconds', 'accountTps'] as const) {
		if (!nonNegative(service[key])) return `webex.service.${key} must be ≥ 0`;
	}
	for (const key of ['firstDelayMs', 'finalDelayMs', 'retryIntervalMs'] as const) {
		if (!nonNegative(notifications[key])) return `webex.notifications.${key} must be ≥ 0`;
	}
	if (!Number.isInteger(notifications.retries) || notifications.retries < 0) return 'webex.notifications.retries must be an integer ≥ 0';
	if (!nonNegative(notifications.timeoutMs) || notifications.timeoutMs === 0) return 'webex.notifications.timeoutMs must be > 0';
	if (!Array.isArray(notifications.failingNumbers)) return 'webex.notifications.failingNumbers must be an array';
	for (const failing of notifications.failingNumbers) {
		const status = isStatusCode(failing?.code) ? STATUS_CODES[failing.code].deliveryStatus : undefined;
		if (typeof failing?.msisdn !== 'string' || (status !== 'Failed' && status !== 'Un-Delivered')) {
			return 'webex.notifications.failingNumbers: each entry needs an msisdn and a documented failure code (e.g. "7109")';
		}
	}
	return undefined;
}

/** The Webex section of the sandbox config. */
export const WEBEX_CONFIG: ConfigSection<WebexConfig> = {
	defaults: defaultWebexConfig,
	complete: (merged) => merged,
	problem: webexConfigProblem,
};

/**
 * The package's one HTTP client: undici, one keep-alive pool per origin (or one proxy agent when
 * HTTP(S)_PROXY is set), explicit timeouts, and a retry policy that never sends a customer message
 * twice on its own initiative. Only this module imports undici.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Dispatcher, EnvHttpProxyAgent, Pool } from 'undici';

export interface Timeouts {
	/** TCP + TLS connect. A connect timeout is proof the request was not delivered. */
	connectMs: number;
	/** Time until the response headers arrive. Not proof either way: never retried for a send. */
	headersMs: number;
	/** Time between body chunks. */
	bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export interface RetryPolicy {
	/** Total attempts including the first. 1 disables retries. */
	maxAttempts: number;
	/** Base of the exponential backoff (full jitter) when the vendor gives no Retry-After. */
	baseDelayMs: number;
	/** Cap of a single backoff wait. */
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the request fails with the vendor's answer. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 500,
	maxDelayMs: 10_000,
	maxRetryAfterMs: 60_000,
};

export interface HttpRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	url: string;
	headers?: Record<string, string>;
	/** The exact bytes to send (signers sign these). Mutually exclusive with `json` and `form`. */
	body?: Buffer | string;
	json?: unknown;
	form?: Record<string, string>;
	timeouts?: Partial<Timeouts>;
	retry?: Partial<RetryPolicy>;
	signal?: AbortSignal;
	/** Route through this undici dispatcher instead of the shared pool (tests use undici's MockAgent). */
	dispatcher?: Dispatcher;
	/** Awaited before every attempt, retries included (a vendor's published request rate). */
	beforeAttempt?: () => Promise<void>;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
	/** How many attempts it took (1 = no retry). */
	attempts: number;
	text(): string;
	/** The body parsed as JSON, or undefined when it is empty or not JSON. */
	json(): unknown;
}

/** A failure before any HTTP answer arrived. `delivered` says what we know about the vendor having the request. */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly code: string,
		readonly delivered: 'no' | 'unknown',
		readonly attempts: number,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

// Connection errors that happen before a single byte of the request can reach the vendor.
const CONNECT_PHASE_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'EHOSTDOWN',
	'UND_ERR_CONNECT_TIMEOUT',
]);
// Socket failures that prove nothing unless the request had not been written yet.
const SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_CLOSED']);

const DESCRIPTIONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
	ENETUNREACH: 'the network is unreachable',
	EHOSTUNREACH: 'the host is unreachable',
	EHOSTDOWN: 'the host is down',
	UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
	UND_ERR_HEADERS_TIMEOUT: 'no answer arrived in time',
	UND_ERR_BODY_TIMEOUT: 'the answer stopped arriving in time',
	ECONNRESET: 'the connection was reset',
	EPIPE: 'the connection was closed while sending',
	UND_ERR_SOCKET: 'the connection was closed before an answer arrived',
	UND_ERR_ABORTED: 'the request was cancelled',
};

function isRetryableStatus(status: number): boolean {
	return status === 429 || status === 503;
}

/**
 * Retry-After in seconds or as an HTTP date, in milliseconds from now; undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined) return undefined;
	const text = raw.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

function backoffMs(policy: RetryPolicy, retryNumber: number): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
	return Math.round(Math.random() * ceiling);
}

// ---------------------------------------------------------------------------------------------
// Dispatchers: one keep-alive pool per origin, reused across items and executions in the process.

const pools = new Map<string, Dispatcher>();
let proxyAgent: Dispatcher | undefined;
// Read once per pool generation: process.env lookups are slow enough to show at thousands of requests/s.
let proxyFromEnvironment: boolean | undefined;

function proxyConfigured(): boolean {
	const env = process.env;
	proxyFromEnvironment ??= Boolean(env.HTTP_PROXY || env.http_proxy || env.HTTPS_PROXY || env.https_proxy);
	return proxyFromEnvironment;
}

function dispatcherFor(origin: string, timeouts: Timeouts): Dispatcher {
	if (proxyConfigured()) {
		// EnvHttpProxyAgent reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY and pools per origin itself.
		proxyAgent ??= new EnvHttpProxyAgent({ connect: { timeout: timeouts.connectMs }, keepAliveTimeout: 30_000 });
		return proxyAgent;
	}
	const key = `${origin}|${timeouts.connectMs}`;
	let pool = pools.get(key);
	if (!pool) {
		pool = new Pool(origin, {
			connections: 64,
			pipelining: 1,
			keepAliveTimeout: 30_000,
			keepAliveMaxTimeout: 120_000,
			connect: { timeout: timeouts.connectMs },
		});
		pools.set(key, pool);
	}
	return pool;
}

/**
 * Closes every pool (tests, benchmarks, graceful shutdown). The next request opens new ones and
 * reads the proxy variables again.
 */
export async function closeAllPools(): Promise<void> {
	const all = [...pools.values(), ...(proxyAgent ? [proxyAgent] : [])];
	pools.clear();
	proxyAgent = undefined;
	proxyFromEnvironment = undefined;
	await Promise.all(all.map((d) => d.close().catch(() => undefined)));
}

// ---------------------------------------------------------------------------------------------
// One attempt, through dispatch() so we learn whether the request was fully written to the socket.

interface AttemptResult {
	status: number;
	rawHeaders: Buffer[];
	body: Buffer;
}

/** No HTTP answer: the error code, and whether the request had been fully written to the socket. */
interface AttemptFailure {
	code: string;
	requestWritten: boolean;
}

type AttemptOutcome = { ok: true; result: AttemptResult } | { ok: false; failure: AttemptFailure };

function headersFromRaw(raw: Buffer[] | string[] | null): Record<string, string | string[] | undefined> {
	const headers: Record<string, string | string[] | undefined> = {};
	if (!raw) return headers;
	for (let i = 0; i + 1 < raw.length; i += 2) {
		const name = raw[i].toString().toLowerCase();
		const value = raw[i + 1].toString();
		const existing = headers[name];
		if (existing === undefined) headers[name] = value;
		else headers[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return headers;
}

function attempt(
	dispatcher: Dispatcher,
	url: URL,
	method: HttpRequest['method'],
	headers: Record<string, string>,
	body: Buffer | undefined,
	timeouts: Timeouts,
	signal?: AbortSignal,
): Promise<AttemptOutcome> {
	return new Promise((resolve) => {
		let requestWritten = false;
		let status = 0;
		let rawResponseHeaders: Buffer[] = [];
		const chunks: Buffer[] = [];
		let settled = false;
		let abortRequest: ((err: Error) => void) | undefined;
		const onAbort = () => abortRequest?.(Object.assign(new Error('The request was cancelled'), { code: 'UND_ERR_ABORTED' }));
		const finish = (fn: () => void) => {
			if (settled) return;
			settled = true;
			signal?.removeEventListener('abort', onAbort);
			fn();
		};
		if (signal?.aborted) {
			resolve({ ok: false, failure: { code: 'UND_ERR_ABORTED', requestWritten: false } });
			return;
		}
		signal?.addEventListener('abort', onAbort, { once: true });

		const handler: Dispatcher.DispatchHandler & { onRequestSent(): void } = {
			onConnect(abort) {
				abortRequest = abort;
			},
			onRequestSent() {
				requestWritten = true;
			},
			onHeaders(statusCode, rawHeaders) {
				status = statusCode;
				rawResponseHeaders = rawHeaders as Buffer[];
				return true;
			},
			onData(chunk) {
				chunks.push(chunk);
				return true;
			},
			onComplete() {
				finish(() => resolve({ ok: true, result: { status, rawHeaders: rawResponseHeaders, body: Buffer.concat(chunks) } }));
			},
			onError(err) {
				// A response that had begun proves the request arrived, whatever broke afterwards.
				const code = (err as Error & { code?: string }).code ?? 'UNKNOWN';
				finish(() => resolve({ ok: false, failure: { code, requestWritten: requestWritten || status > 0 } }));
			},
		};

		dispatcher.dispatch(
			{
				origin: url.origin,
				path: `${url.pathname}${url.search}`,
				method,
				headers,
				body,
				headersTimeout: timeouts.headersMs,
				bodyTimeout: timeouts.bodyMs,
			},
			handler,
		);
	});
}

function encodeBody(req: HttpRequest): { body?: Buffer; contentType?: string } {
	if (req.body !== undefined) return { body: Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8') };
	if (req.json !== undefined) return { body: Buffer.from(JSON.stringify(req.json), 'utf8'), contentType: 'application/json' };
	if (req.form !== undefined) {
		return { body: Buffer.from(new URLSearchParams(req.form).toString(), 'utf8'), contentType: 'application/x-www-form-urlencoded' };
	}
	return {};
}

/** An HTTP answer; headers are decoded only when asked for (most callers never look). */
class VendorHttpResponse implements HttpResponse {
	private decodedHeaders?: Record<string, string | string[] | undefined>;

	constructor(
		readonly status: number,
		private readonly rawHeaders: Buffer[],
		readonly body: Buffer,
		readonly attempts: number,
	) {}

	get headers(): Record<string, string | string[] | undefined> {
		this.decodedHeaders ??= headersFromRaw(this.rawHeaders);
		return this.decodedHeaders;
	}

	text(): string {
		return this.body.toString('utf8');
	}

	json(): unknown {
		if (this.body.length === 0) return undefined;
		try {
			return JSON.parse(this.body.toString('utf8'));
		} catch {
			return undefined;
		}
	}
}

/**
 * Sends a request. Resolves with any HTTP answer (a status is not an exception here); the caller
 * maps vendor errors. Retries only where the vendor provably did not accept the request:
 * 429 and 503 (waiting Retry-After when given, else jittered backoff) and connection failures
 * before the request was written. Never on other statuses, nor on a timeout or reset after the
 * request was written. Rejects with TransportError when no answer could be had.
 */
export async function send(req: HttpRequest): Promise<HttpResponse> {
	const url = new URL(req.url);
	const timeouts = { ...DEFAULT_TIMEOUTS, ...req.timeouts };
	const policy = { ...DEFAULT_RETRY, ...req.retry };
	const { body, contentType } = encodeBody(req);
	const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
	if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
		headers['content-type'] = contentType;
	}
	const dispatcher = req.dispatcher ?? dispatcherFor(url.origin, timeouts);

	for (let attemptNumber = 1; ; attemptNumber++) {
		if (req.beforeAttempt) await req.beforeAttempt();
		const outcome = await attempt(dispatcher, url, req.method, headers, body, timeouts, req.signal);
		let waitMs: number;
		if (outcome.ok) {
			const { status, rawHeaders, body: answer } = outcome.result;
			const response = new VendorHttpResponse(status, rawHeaders, answer, attemptNumber);
			if (!isRetryableStatus(status) || attemptNumber >= policy.maxAttempts) return response;
			const retryAfter = parseRetryAfter(response.headers['retry-after']);
			if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return response;
			waitMs = retryAfter ?? backoffMs(policy, attemptNumber);
		} else {
			const { code, requestWritten } = outcome.failure;
			const notDelivered = CONNECT_PHASE_CODES.has(code) || (SOCKET_CODES.has(code) && !requestWritten);
			if (!notDelivered || code === 'UND_ERR_ABORTED' || attemptNumber >= policy.maxAttempts) {
				const suffix = notDelivered
					? 'The vendor did not receive the request.'
					: 'The vendor may have received the request, so it was not sent again.';
				const description = DESCRIPTIONS[code] ?? 'the request failed';
				throw new TransportError(
					`${url.host}: ${description} (${code}) after ${attemptNumber} attempt${attemptNumber > 1 ? 's' : ''}. ${suffix}`,
					code,
					notDelivered ? 'no' : 'unknown',
					attemptNumber,
				);
			}
			waitMs = backoffMs(policy, attemptNumber);
		}
		await sleep(waitMs, undefined, { signal: req.signal });
	}
}

/**
 * The one way an action node calls a vendor, on the shared transport: authentication (bearer from
 * the token cache, HTTP Basic, or none), fixed headers (API keys), an optional request signer, an
 * optional published request rate, and the success check: any 2xx is success, with or without a
 * body, unless the vendor's `refusal` reading finds an error in it; anything else becomes a
 * VendorError carrying the vendor's own words.
 */
import { VendorError } from './errors';
import { awaitSlot } from './rateLimit';
import { invalidate, tokenOf, type TokenSource } from './tokenCache';
import { send, type HttpRequest, type HttpResponse } from './transport';

export type { TokenSource };

export type VendorAuth =
	| { kind: 'bearer'; token: TokenSource }
	| { kind: 'basic'; username: string; password: string }
	| { kind: 'none' };

/** What a vendor said when it refused: its text and, where the body has one, its error code. */
export interface Refusal {
	message: string;
	code?: string | number;
}

export interface VendorApi {
	/** The vendor's name in error messages. */
	vendor: string;
	auth: VendorAuth;
	/** Sent with every request (API keys, tenant ids). */
	headers?: Record<string, string>;
	/** Headers computed over the exact body bytes (request signatures). */
	sign?: (bytes: string) => Record<string, string>;
	/** A published request rate, shared by every execution in the process under `key`. */
	rateLimit?: { key: string; perSecond: number };
	/**
	 * The vendor's refusal in an answer, or undefined when it accepted. Called for every answer;
	 * without it any non-2xx is a refusal described by `errorText`.
	 */
	refusal?: (response: HttpResponse) => Refusal | undefined;
}

export interface VendorCall {
	method: HttpRequest['method'];
	url: string;
	/** Serialised once: signers sign these exact bytes. */
	json?: unknown;
	form?: Record<string, string>;
	headers?: Record<string, string>;
	retry?: HttpRequest['retry'];
}

export function isSuccess(response: HttpResponse): boolean {
	return response.status >= 200 && response.status < 300;
}

/** The answer's own error text: common JSON error fields, else the start of the body. */
export function errorText(response: HttpResponse): string {
	const body = response.json() as Record<string, unknown> | undefined;
	if (body && typeof body === 'object') {
		for (const key of ['message', 'description', 'error_description', 'detail', 'title', 'error']) {
			const value = body[key];
			if (typeof value === 'string' && value) return value;
		}
	}
	return response.text().slice(0, 500) || 'no error text';
}

function authorization(auth: VendorAuth, token: string | undefined): Record<string, string> {
	if (auth.kind === 'bearer') return { authorization: `Bearer ${token}` };
	if (auth.kind === 'basic') return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
	return {};
}

async function attemptCall(api: VendorApi, call: VendorCall, bytes: string | undefined, token: string | undefined): Promise<HttpResponse> {
	const headers: Record<string, string> = { ...api.headers, ...call.headers, ...authorization(api.auth, token) };
	if (bytes !== undefined) {
		headers['content-type'] = 'application/json';
		if (api.sign) Object.assign(headers, api.sign(bytes));
	}
	const limit = api.rateLimit;
	return send({
		method: call.method,
		url: call.url,
		headers,
		body: bytes,
		form: call.form,
		retry: call.retry,
		beforeAttempt: limit ? () => awaitSlot(limit.key, limit.perSecond) : undefined,
	});
}

/**
 * Sends one call and resolves with the vendor's accepting answer, or throws VendorError. With
 * bearer auth, a 401 drops the token and the call is made once more with a fresh one: a 401 means
 * the vendor refused it, so this cannot duplicate a message.
 */
export async function callVendor(api: VendorApi, call: VendorCall): Promise<HttpResponse> {
	const bytes = call.json === undefined ? undefined : JSON.stringify(call.json);
	let response: HttpResponse;
	if (api.auth.kind === 'bearer') {
		const source = api.auth.token;
		const token = await tokenOf(source);
		response = await attemptCall(api, call, bytes, token);
		if (response.status === 401) {
			invalidate(source.key, token);
			response = await attemptCall(api, call, bytes, await tokenOf(source));
		}
	} else {
		response = await attemptCall(api, call, bytes, undefined);
	}
	const refusal = api.refusal ? api.refusal(response) : isSuccess(response) ? undefined : { message: errorText(response) };
	if (!refusal) return response;
	throw new VendorError(api.vendor, response.status, refusal.message, response.json() ?? response.text().slice(0, 500), refusal.code);
}

/**
 * A credential Test button's probe: a call the vendor has to authenticate before it can refuse it
 * for something else (a missing field, an empty list), so nothing reaches a customer. The credential
 * is proven when the vendor refuses the call the way `provesCredential` expects; a call it accepts
 * means the probe went somewhere else than the vendor's API.
 */
export async function probeCredential(
	api: VendorApi,
	call: VendorCall,
	provesCredential: (refusal: VendorError) => string | undefined,
): Promise<{ ok: string } | { refused: string }> {
	try {
		const response = await callVendor(api, { ...call, retry: { maxAttempts: 1 } });
		return { refused: `${api.vendor} accepted a test request it should have refused (HTTP ${response.status}); check the base URL` };
	} catch (error) {
		const proven = error instanceof VendorError ? provesCredential(error) : undefined;
		if (proven) return { ok: proven };
		return { refused: error instanceof Error ? error.message : String(error) };
	}
}

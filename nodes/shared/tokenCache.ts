/**
 * OAuth2 client-credentials tokens, cached in this process (one n8n main process, or each queue-mode
 * worker): one request in flight however many items or executions ask, refreshed before expiry,
 * dropped and fetched again once on a 401. n8n's own preAuthentication only refreshes after a 401
 * and has no lock, hence this module.
 */
import { createHash } from 'node:crypto';

import { send, type HttpResponse } from './transport';

export interface ClientCredentials {
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
	/** `body`: client_id/client_secret in the form (Avaya); `basic`: HTTP Basic client auth. */
	clientAuth?: 'body' | 'basic';
	/** Extra form fields (scope, audience, …). */
	extraForm?: Record<string, string>;
	extraHeaders?: Record<string, string>;
}

/** Where bearer tokens come from: a cache key and how to mint a token when none is fresh. */
export interface TokenSource {
	key: string;
	mint(): Promise<MintedToken>;
}

export interface MintedToken {
	token: string;
	/** Absolute expiry, ms since epoch. */
	expiresAt: number;
}

/** Raised when the token endpoint refuses; carries the endpoint's status and its own error text. */
export class TokenRequestError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly vendorBody: unknown,
	) {
		super(message);
		this.name = 'TokenRequestError';
	}
}

interface Entry {
	token?: string;
	refreshAt: number;
	inflight?: Promise<string>;
}

/** Refresh this long before expiry (or at half the lifetime, for short-lived tokens). */
export const REFRESH_MARGIN_MS = 60_000;

const entries = new Map<string, Entry>();

// Hashing per request shows at thousands of requests/s; a credentials object keeps its key.
const keysByCredentials = new WeakMap<ClientCredentials, string>();

export function cacheKey(credentials: ClientCredentials): string {
	let key = keysByCredentials.get(credentials);
	if (key === undefined) {
		const secretHash = createHash('sha256').update(credentials.clientSecret).digest('hex');
		key = createHash('sha256').update(`${credentials.tokenUrl}\n${credentials.clientId}\n${secretHash}`).digest('hex');
		keysByCredentials.set(credentials, key);
	}
	return key;
}

/** The claims of a JWT (not verified: only read from a token the vendor itself issued), or undefined for an opaque token. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The `exp` claim of a JWT in ms, or undefined for an opaque token. */
export function jwtExpiry(token: string): number | undefined {
	const exp = jwtClaims(token)?.exp;
	return typeof exp === 'number' ? exp * 1000 : undefined;
}

function refreshTime(minted: MintedToken, now: number): number {
	const lifetime = minted.expiresAt - now;
	return minted.expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime / 2);
}

/**
 * The cached token for `key`, minting one with `mint` when there is none or it is due for refresh.
 * Concurrent callers share one mint; a failed mint is not cached.
 */
export function getToken(key: string, mint: () => Promise<MintedToken>): Promise<string> {
	let entry = entries.get(key);
	if (!entry) {
		entry = { refreshAt: 0 };
		entries.set(key, entry);
	}
	if (entry.inflight) return entry.inflight;
	if (entry.token && Date.now() < entry.refreshAt) return Promise.resolve(entry.token);
	const current = entry;
	current.inflight = mint()
		.then((minted) => {
			current.token = minted.token;
			current.refreshAt = refreshTime(minted, Date.now());
			return minted.token;
		})
		.finally(() => {
			current.inflight = undefined;
		});
	return current.inflight;
}

/** Forgets `staleToken` (after a 401) unless another caller already replaced it. */
export function invalidate(key: string, staleToken: string): void {
	const entry = entries.get(key);
	if (entry?.token === staleToken) {
		entry.token = undefined;
		entry.refreshAt = 0;
	}
}

export function clearTokenCache(): void {
	entries.clear();
}

function describeTokenError(response: HttpResponse): string {
	const body = response.json() as { error?: unknown; error_description?: unknown } | undefined;
	const parts = [body?.error, body?.error_description].filter((p): p is string => typeof p === 'string');
	return parts.length ? parts.join(': ') : response.text().slice(0, 300) || 'no error text';
}

/** One client-credentials grant at the token endpoint. */
export async function mintClientCredentialsToken(credentials: ClientCredentials): Promise<MintedToken> {
	const form: Record<string, string> = { grant_type: 'client_credentials', ...credentials.extraForm };
	const headers: Record<string, string> = { ...credentials.extraHeaders };
	if (credentials.clientAuth === 'basic') {
		const pair = `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`;
		headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
	} else {
		form.client_id = credentials.clientId;
		form.client_secret = credentials.clientSecret;
	}
	// A token request creates nothing at the vendor, but keep the same retry rules as every POST.
	const response = await send({ method: 'POST', url: credentials.tokenUrl, form, headers });
	const body = response.json() as { access_token?: unknown; expires_in?: unknown } | undefined;
	if (response.status !== 200 || typeof body?.access_token !== 'string') {
		throw new TokenRequestError(
			`The token endpoint refused the client credentials (HTTP ${response.status}): ${describeTokenError(response)}`,
			response.status,
			response.json() ?? response.text().slice(0, 300),
		);
	}
	const now = Date.now();
	const fromExpiresIn = typeof body.expires_in === 'number' ? now + body.expires_in * 1000 : undefined;
	const fromJwt = jwtExpiry(body.access_token);
	const candidates = [fromExpiresIn, fromJwt].filter((t): t is number => t !== undefined);
	// Without either, assume a short life so the token is refreshed rather than trusted forever.
	const expiresAt = candidates.length ? Math.min(...candidates) : now + 300_000;
	return { token: body.access_token, expiresAt };
}

export function clientCredentialsToken(credentials: ClientCredentials): Promise<string> {
	return getToken(cacheKey(credentials), () => mintClientCredentialsToken(credentials));
}

/** The token cache's view of a client-credentials grant, for the vendor HTTP helper. */
export function clientCredentialsSource(credentials: ClientCredentials): TokenSource {
	return { key: cacheKey(credentials), mint: () => mintClientCredentialsToken(credentials) };
}

/** The cached token of `source`, minting one when none is fresh. */
export function tokenOf(source: TokenSource): Promise<string> {
	return getToken(source.key, () => source.mint());
}

import { randomBytes, randomUUID } from 'node:crypto';

import { sign, type SignatureScheme } from '../nodes/shared/signature';

/** HMAC-SHA256 in base64 (made base64url below): the signature of an HS256 JWT. */
const TOKEN_SIGNATURE: SignatureScheme = { header: '', algorithm: 'sha256', encoding: 'base64', prefix: '' };
const JWT_HEADER = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));

function base64url(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64url');
}

function toBase64url(base64: string): string {
	return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export type Hs256Check =
	| { ok: true; header: Record<string, unknown>; claims: Record<string, unknown> }
	| { ok: false; reason: 'malformed' | 'unsupported-alg' | 'bad-signature' };

/**
 * Checks a client-made HS256 JWT (any header with `alg: HS256`) against `key`, taken as its UTF-8
 * bytes (the shared HMAC code takes string keys); the claims are the caller's to judge.
 */
export function verifyHs256Jwt(token: string, key: string): Hs256Check {
	const parts = token.split('.');
	if (parts.length !== 3) return { ok: false, reason: 'malformed' };
	const header = parseSegment(parts[0]);
	const claims = parseSegment(parts[1]);
	if (!header || !claims) return { ok: false, reason: 'malformed' };
	if (header.alg !== 'HS256') return { ok: false, reason: 'unsupported-alg' };
	const expected = toBase64url(sign(TOKEN_SIGNATURE, key, `${parts[0]}.${parts[1]}`));
	if (expected !== parts[2]) return { ok: false, reason: 'bad-signature' };
	return { ok: true, header, claims };
}

export type TokenCheck =
	| { ok: true; clientId: string; expiresAtMs: number }
	| { ok: false; reason: 'missing' | 'malformed' | 'bad-signature' | 'unknown' | 'expired' };

export interface IssuedToken {
	accessToken: string;
	expiresIn: number;
	expiresAtMs: number;
}

/**
 * Access tokens that look like the vendor's (an RS256-labelled JWT) but are signed with an HMAC
 * under a per-process key, so the sandbox can tell its own tokens from forged, unknown and expired ones.
 */
export class TokenIssuer {
	private readonly key = randomBytes(32).toString('hex');
	private issued = new Map<string, { clientId: string; expiresAtMs: number }>();

	/** `claims` are added to the standard ones (a vendor's own, e.g. Avaya's `organization` and `owner`). */
	issue(clientId: string, lifetimeSeconds: number, issuer: string, scope: string, claims: Record<string, unknown> = {}): IssuedToken {
		const iat = Math.floor(Date.now() / 1000);
		const exp = iat + lifetimeSeconds;
		const jti = randomUUID();
		const payload = base64url(JSON.stringify({ exp, iat, jti, iss: issuer, typ: 'Bearer', azp: clientId, scope, clientId, ...claims }));
		const signingInput = `${JWT_HEADER}.${payload}`;
		const signature = toBase64url(sign(TOKEN_SIGNATURE, this.key, signingInput));
		// The token expires exactly at its `exp` claim, as a client decoding it would expect.
		const expiresAtMs = exp * 1000;
		this.issued.set(jti, { clientId, expiresAtMs });
		return { accessToken: `${signingInput}.${signature}`, expiresIn: lifetimeSeconds, expiresAtMs };
	}

	check(token: string | undefined, now = Date.now()): TokenCheck {
		if (!token) return { ok: false, reason: 'missing' };
		const parts = token.split('.');
		if (parts.length !== 3) return { ok: false, reason: 'malformed' };
		const expected = toBase64url(sign(TOKEN_SIGNATURE, this.key, `${parts[0]}.${parts[1]}`));
		if (expected !== parts[2]) return { ok: false, reason: 'bad-signature' };
		let jti: unknown;
		try {
			jti = (JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { jti?: unknown }).jti;
		} catch {
			return { ok: false, reason: 'malformed' };
		}
		const entry = typeof jti === 'string' ? this.issued.get(jti) : undefined;
		if (!entry) return { ok: false, reason: 'unknown' };
		if (now >= entry.expiresAtMs) return { ok: false, reason: 'expired' };
		return { ok: true, clientId: entry.clientId, expiresAtMs: entry.expiresAtMs };
	}

	/** Expires every token issued so far; returns how many were still valid. */
	expireAll(now = Date.now()): number {
		let expired = 0;
		for (const entry of this.issued.values()) {
			if (entry.expiresAtMs > now) {
				entry.expiresAtMs = now;
				expired += 1;
			}
		}
		return expired;
	}

	clear(): void {
		this.issued = new Map();
	}
}

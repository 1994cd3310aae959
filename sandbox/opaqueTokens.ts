import { randomUUID } from 'node:crypto';

/** What an opaque access token stands for. */
export interface TokenGrant {
	clientId: string;
	/** The organization or tenant the token was issued in. */
	realm: string;
	scopes: string[];
	expiresAtMs: number;
}

export type OpaqueTokenCheck = { ok: true; grant: TokenGrant } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

/**
 * Access tokens that are random strings (a UUID, like Alvaria's example `ad97f5cb-…`), not JWTs:
 * the vendor looks them up, so the sandbox keeps what each one grants.
 */
export class OpaqueTokens {
	private grants = new Map<string, TokenGrant>();

	issue(grant: Omit<TokenGrant, 'expiresAtMs'>, lifetimeSeconds: number): { accessToken: string; expiresIn: number } {
		const accessToken = randomUUID();
		this.grants.set(accessToken, { ...grant, scopes: [...grant.scopes], expiresAtMs: Date.now() + lifetimeSeconds * 1000 });
		return { accessToken, expiresIn: lifetimeSeconds };
	}

	check(token: string | undefined, now = Date.now()): OpaqueTokenCheck {
		if (!token) return { ok: false, reason: 'missing' };
		const grant = this.grants.get(token);
		if (!grant) return { ok: false, reason: 'unknown' };
		if (now >= grant.expiresAtMs) return { ok: false, reason: 'expired' };
		return { ok: true, grant };
	}

	/** Expires every token issued so far; returns how many were still valid. */
	expireAll(now = Date.now()): number {
		let expired = 0;
		for (const grant of this.grants.values()) {
			if (grant.expiresAtMs > now) {
				grant.expiresAtMs = now;
				expired += 1;
			}
		}
		return expired;
	}

	clear(): void {
		this.grants = new Map();
	}
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a vendor signs a request body: HMAC with `algorithm`, digest in `encoding`, prefixed with
 * `prefix`, carried in `header`. Every signature check and every signature we make goes through here.
 */
export interface SignatureScheme {
	header: string;
	algorithm: 'sha1' | 'sha256' | 'sha512';
	encoding: 'hex' | 'base64';
	prefix: string;
}

export type SignatureVerdict = 'valid' | 'missing' | 'invalid';

export function sign(scheme: SignatureScheme, secret: string, body: Buffer | string): string {
	return scheme.prefix + createHmac(scheme.algorithm, secret).update(body).digest(scheme.encoding);
}

function equalTimingSafe(expected: string, received: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(received, 'utf8');
	// Compare against itself on a length mismatch so the time taken does not depend on the input.
	if (a.length !== b.length) {
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}

/**
 * Checks `received` (the header value) against the HMAC of `raw`, the exact request bytes.
 * `alternates` gives other byte forms of the same payload that the vendor may have signed instead
 * (Avaya's own example signs `JSON.stringify(req.body)`); it is only called when the raw bytes do
 * not match, and each form still needs the secret.
 */
export function verify(
	scheme: SignatureScheme,
	secret: string,
	received: string | string[] | undefined,
	raw: Buffer,
	alternates: () => Array<Buffer | string> = () => [],
): SignatureVerdict {
	const value = Array.isArray(received) ? received[0] : received;
	if (value === undefined || value === '') return 'missing';
	if (!secret) return 'invalid';
	const header = value.trim();
	if (equalTimingSafe(sign(scheme, secret, raw), header)) return 'valid';
	for (const body of alternates()) {
		if (equalTimingSafe(sign(scheme, secret, body), header)) return 'valid';
	}
	return 'invalid';
}

/** For `verify`: the compact re-serialisation of a JSON body, when it differs from the body. */
export function compactJsonAlternate(raw: Buffer): () => Buffer[] {
	return () => {
		const compact = compactJsonForm(raw);
		return compact ? [compact] : [];
	};
}

/** Reads a header case-insensitively from Node's lower-cased header map. */
export function headerValue(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The compact re-serialisation of a JSON body (what `JSON.stringify(req.body)` gives), or
 * undefined when the body is not JSON or is already compact.
 */
export function compactJsonForm(raw: Buffer): Buffer | undefined {
	try {
		const compact = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
		return compact.equals(raw) ? undefined : compact;
	} catch {
		return undefined;
	}
}

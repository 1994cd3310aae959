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
	/** Also accept the bare digest, without `prefix` (a vendor that documents neither form for sure). */
	prefixOptional?: boolean;
	/**
	 * A header whose value is signed in front of the body (message = timestamp + body), for vendors
	 * that sign a timestamp to bound replays.
	 */
	timestampHeader?: string;
}

export type SignatureVerdict = 'valid' | 'missing' | 'invalid';

export function sign(scheme: SignatureScheme, secret: string | Buffer, body: Buffer | string): string {
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

function matches(scheme: SignatureScheme, secret: string, body: Buffer | string, header: string): boolean {
	const expected = sign(scheme, secret, body);
	if (equalTimingSafe(expected, header)) return true;
	return Boolean(scheme.prefixOptional && scheme.prefix) && equalTimingSafe(expected.slice(scheme.prefix.length), header);
}

/**
 * Checks `received` (the header value) against the HMAC of `raw`, the exact request bytes, under
 * each of `secrets` (two while a secret is being rotated; empty ones are skipped).
 * `alternates` gives other byte forms of the same payload that the vendor may have signed instead
 * (Avaya's own example signs `JSON.stringify(req.body)`); it is only called when the raw bytes do
 * not match, and each form still needs a secret.
 */
export function verify(
	scheme: SignatureScheme,
	secrets: string | readonly string[],
	received: string | string[] | undefined,
	raw: Buffer,
	alternates: () => Array<Buffer | string> = () => [],
): SignatureVerdict {
	const value = Array.isArray(received) ? received[0] : received;
	if (value === undefined || value === '') return 'missing';
	const keys = (typeof secrets === 'string' ? [secrets] : secrets).filter((secret) => secret !== '');
	if (keys.length === 0) return 'invalid';
	const header = value.trim();
	if (keys.some((secret) => matches(scheme, secret, raw, header))) return 'valid';
	for (const body of alternates()) {
		if (keys.some((secret) => matches(scheme, secret, body, header))) return 'valid';
	}
	return 'invalid';
}

/** The bytes a scheme signs: the body, or the timestamp header's value followed by the body. */
export function signedMessage(scheme: SignatureScheme, headers: Record<string, string | string[] | undefined>, raw: Buffer): Buffer {
	if (!scheme.timestampHeader) return raw;
	return Buffer.concat([Buffer.from(headerValue(headers, scheme.timestampHeader) ?? '', 'utf8'), raw]);
}

/** HS256 JSON Web Token over `claims`, keyed with `key` (raw bytes: a Base64 secret is decoded by the caller). */
export function signJwtHs256(claims: Record<string, unknown>, key: Buffer): string {
	const encode = (part: object) => Buffer.from(JSON.stringify(part), 'utf8').toString('base64url');
	const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
	return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
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

/**
 * Generated hostile webhook requests for any signed trigger, described by its signature scheme
 * (the vendor contract's SignatureScheme: header, HMAC algorithm, digest encoding, prefix) and a
 * few vendor-specific event builders. Every input names the answers its category documents.
 * Used by hostile-*.test.ts; not a test file itself.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

import { sign, type SignatureScheme } from '../../nodes/shared/signature';

export interface HostileTarget {
	vendor: string;
	/** Workflow whose runs are counted (it holds only this trigger). */
	workflowId: string;
	url: string;
	scheme: SignatureScheme;
	secret: string;
	/** A fresh event that starts one run. */
	validEvent(text: string): Record<string, unknown>;
	/** Well-formed and correctly signed, but of a type the trigger does not handle; with the answers it documents. */
	unknownTypeEvents(): Array<{ name: string; event: Record<string, unknown>; expect: number[] }>;
	/** The documented answer to a correctly signed JSON object that is not an event at all (e.g. `{}` or a deep nest). */
	notAnEventAnswer: number[];
	/** What the answer to a replay of `event` (a valid event already accepted) must contain, if anything in particular. */
	replayAnswerIncludes?(event: Record<string, unknown>): string;
	/** Methods besides POST the trigger itself answers 200 without a run (Webex's HEAD probe). */
	probeMethods?: string[];
}

export interface HostileInput {
	category: string;
	name: string;
	method: string;
	headers: Record<string, string>;
	body?: Buffer | string;
	/** Statuses the documentation allows for this input. */
	expect: number[];
	/** Text the answer's body must contain. */
	expectBodyIncludes?: string;
	/**
	 * Send on its own, never alongside another input: n8n (seen on 2.8.4) parses every XML body with one shared
	 * xml2js Parser (async), and two XML bodies failing to parse at the same time can leave one request
	 * unanswered (seen with two concurrent application/xml requests). That is n8n's body parser, before
	 * any node runs; sent alone, such a body gets its documented 422 or 401.
	 */
	alone?: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json' };
/** n8n refuses bodies above N8N_PAYLOAD_SIZE_MAX (16 MiB by default) with 413 before any node runs. */
const OVER_PAYLOAD_LIMIT = 17 * 1024 * 1024;
/** Answers for a correctly signed body that is not JSON: ours (400), or n8n's JSON parser before us (422). */
const NOT_JSON = [400, 422];
const BAD_SIGNATURE = [401];
/** A body that is not JSON under a JSON (or XML) content type: n8n's parser answers 422 before any node runs. */
const BAD_SIGNATURE_OR_UNPARSABLE = [401, 422];
/**
 * The connection closed by n8n while the client was still uploading (EPIPE / ECONNRESET): a
 * refusal that arrives before any HTTP answer could be read.
 */
export const CLOSED_WHILE_UPLOADING = 0;
/**
 * A body above N8N_PAYLOAD_SIZE_MAX: n8n refuses it while parsing, before any node runs. n8n
 * (2.8.4, 2.41.1 and 1.123.81 alike) answers 500 "There was a problem executing the workflow"
 * (not 413), or, when it stops reading first, closes the connection mid-upload; no run starts.
 */
export const N8N_PAYLOAD_TOO_LARGE = [413, 500, CLOSED_WHILE_UPLOADING];
/** A method the webhook is not registered for: n8n answers 404 before any node runs. */
const N8N_WRONG_METHOD = [404];

function signed(target: HostileTarget, body: Buffer | string): Record<string, string> {
	return { ...JSON_TYPE, [target.scheme.header]: sign(target.scheme, target.secret, body) };
}

function otherAlgorithm(scheme: SignatureScheme): SignatureScheme['algorithm'] {
	return scheme.algorithm === 'sha1' ? 'sha256' : 'sha1';
}

function otherEncoding(scheme: SignatureScheme): SignatureScheme['encoding'] {
	return scheme.encoding === 'hex' ? 'base64' : 'hex';
}

/** Bytes in a digest of `algorithm` (20 for SHA-1, 32 for SHA-256). */
function digestBytes(algorithm: string): number {
	return createHash(algorithm).digest().length;
}

function deepNest(depth: number, open: string, close: string, inner = '1'): string {
	return open.repeat(depth) + inner + close.repeat(depth);
}

/** Every hostile input for `target`, in a fixed order (≥ 200). */
export function hostileInputs(target: HostileTarget): HostileInput[] {
	const inputs: HostileInput[] = [];
	const add = (category: string, name: string, body: Buffer | string | undefined, headers: Record<string, string>, expect: number[], method = 'POST') =>
		inputs.push({ category, name, method, headers, body, expect });
	const event = (i: number) => JSON.stringify(target.validEvent(`hostile ${target.vendor} ${i}`));
	const header = target.scheme.header;

	// Signatures.
	for (let i = 0; i < 12; i++) add('missing signature', `no ${header} header #${i}`, event(i), { ...JSON_TYPE }, BAD_SIGNATURE);
	for (const value of ['', ' ', target.scheme.prefix, 'null', 'undefined', '=']) {
		add('missing signature', `header ${JSON.stringify(value)}`, event(100), { ...JSON_TYPE, [header]: value }, BAD_SIGNATURE);
	}
	for (let i = 0; i < 20; i++) {
		const body = event(200 + i);
		const forgedSecret = i === 0 ? '' : i === 1 ? target.secret.toUpperCase() : `${target.secret.slice(0, -1)}${i}`;
		const scheme = { ...target.scheme };
		add('forged signature', `signed with another secret #${i}`, body, { ...JSON_TYPE, [header]: forgedSecret ? sign(scheme, forgedSecret, body) : `${scheme.prefix}${randomBytes(digestBytes(scheme.algorithm)).toString(scheme.encoding)}` }, BAD_SIGNATURE);
	}
	for (let i = 0; i < 14; i++) {
		const body = event(300 + i);
		const good = sign(target.scheme, target.secret, body);
		const cut = [1, 5, target.scheme.prefix.length + 1, Math.floor(good.length / 2), good.length - 1, good.length - 2][i % 6];
		const value = i < 6 ? good.slice(0, cut) : i < 12 ? good.slice(target.scheme.prefix.length + (i % 3)) : `${good} ${good}`;
		// A scheme that also accepts the bare digest (Webex) would rightly take this one.
		if (target.scheme.prefixOptional && value === good.slice(target.scheme.prefix.length)) continue;
		add('truncated signature', `signature cut to ${value.length} of ${good.length} characters`, body, { ...JSON_TYPE, [header]: value }, BAD_SIGNATURE);
	}
	for (let i = 0; i < 14; i++) {
		const body = event(400 + i);
		const digest = createHmac(target.scheme.algorithm, target.secret).update(body);
		const raw = digest.digest();
		const variants = [
			`${target.scheme.prefix}${raw.toString(otherEncoding(target.scheme))}`,
			`${target.scheme.prefix}${raw.toString('base64url')}`,
			`${target.scheme.prefix}${raw.toString('hex').toUpperCase()}`,
			`${target.scheme.prefix}${raw.toString('latin1')}`.replace(/[^\x20-\x7e]/g, '?'),
			raw.toString(target.scheme.encoding),
			`${target.scheme.prefix.toUpperCase()}${raw.toString(target.scheme.encoding)}`,
			`${target.scheme.prefix}${Buffer.from(raw.toString(target.scheme.encoding)).toString('base64')}`,
		];
		const variant = variants[i % variants.length];
		if (target.scheme.prefixOptional && variant === raw.toString(target.scheme.encoding)) continue;
		add('differently encoded signature', `variant ${i % variants.length}`, body, { ...JSON_TYPE, [header]: variant }, BAD_SIGNATURE);
	}
	for (let i = 0; i < 12; i++) {
		const body = event(500 + i);
		const algorithms = [otherAlgorithm(target.scheme), 'sha512', 'md5', 'sha384'];
		const algorithm = algorithms[i % algorithms.length];
		const digest = createHmac(algorithm, target.secret).update(body).digest(target.scheme.encoding);
		const prefix = i < 4 ? target.scheme.prefix : `${algorithm}=`;
		const plainHash = i >= 8 ? `${target.scheme.prefix}${createHash(target.scheme.algorithm).update(body).digest(target.scheme.encoding)}` : undefined;
		add('wrong-algorithm signature', plainHash ? 'unkeyed hash of the body' : `HMAC-${algorithm} with prefix ${prefix}`, body, { ...JSON_TYPE, [header]: plainHash ?? `${prefix}${digest}` }, BAD_SIGNATURE);
	}
	for (let i = 0; i < 6; i++) {
		// The other common webhook scheme (sha1=<hex> ↔ sha256=<base64>): right secret and body, wrong recipe.
		const body = event(550 + i);
		const algorithm = otherAlgorithm(target.scheme);
		const encoding = otherEncoding(target.scheme);
		const scheme: SignatureScheme = { ...target.scheme, algorithm, encoding, prefix: i % 3 === 2 ? target.scheme.prefix : `${algorithm}=` };
		const value = i % 3 === 1 ? sign({ ...scheme, encoding: target.scheme.encoding }, target.secret, body) : sign(scheme, target.secret, body);
		add('wrong-algorithm signature', `HMAC-${algorithm} as ${value.slice(0, value.indexOf('=') + 1) || 'no prefix'}<${i % 3 === 1 ? target.scheme.encoding : encoding}>`, body, { ...JSON_TYPE, [header]: value }, BAD_SIGNATURE);
	}
	for (let i = 0; i < 20; i++) {
		const original = target.validEvent(`original ${i}`);
		const changed = [
			{ ...original, text: `changed ${i}` },
			{ ...original, injected: true },
			{ ...original, [Object.keys(original)[0]]: 'changed' },
			Object.fromEntries(Object.entries(original).slice(1)),
		][i % 4];
		add('valid signature over a different body', `body changed after signing #${i}`, JSON.stringify(changed), { ...JSON_TYPE, [header]: sign(target.scheme, target.secret, JSON.stringify(original)) }, BAD_SIGNATURE);
	}

	// Bodies.
	add('empty body', 'empty, unsigned', '', { ...JSON_TYPE }, BAD_SIGNATURE);
	add('empty body', 'empty, signed', '', signed(target, ''), NOT_JSON);
	add('empty body', 'empty, no content type, signed', '', { [header]: sign(target.scheme, target.secret, '') }, NOT_JSON);
	add('empty body', 'whitespace only, signed', '   \n', signed(target, '   \n'), NOT_JSON);
	for (const text of ['hello', '<event/>', 'a=b&c=d', '{"unterminated": ', "{'single': 'quotes'}", 'NaN', '{"a":1}garbage', '\u0000\u0001\u0002', '[1,2,3]', '"a string"', 'null', '42', 'true', '{"a":1,}', '\uFEFF{"a":1}']) {
		// n8n 2.41 strips a byte-order mark before parsing JSON (2.8 did not): `{"a":1}` is then a JSON
		// object that is no event, answered as the trigger answers those. No run either way.
		const answers = text.startsWith('\uFEFF') ? [...NOT_JSON, ...target.notAnEventAnswer] : NOT_JSON;
		add('non-JSON body', `signed ${JSON.stringify(text.slice(0, 20))}`, text, signed(target, text), answers);
		add('non-JSON body', `unsigned ${JSON.stringify(text.slice(0, 20))}`, text, { ...JSON_TYPE }, BAD_SIGNATURE_OR_UNPARSABLE);
	}
	const binary = randomBytes(256);
	add('non-JSON body', 'random bytes, signed', binary, signed(target, binary), NOT_JSON);
	for (let i = 0; i < 12; i++) {
		const full = event(600 + i);
		const cut = full.slice(0, Math.max(1, Math.floor((full.length * (i + 1)) / 13)));
		add('truncated body', `cut to ${cut.length} of ${full.length} bytes, signature of the full body`, cut, { ...JSON_TYPE, [header]: sign(target.scheme, target.secret, full) }, BAD_SIGNATURE_OR_UNPARSABLE);
		add('truncated body', `cut to ${cut.length} of ${full.length} bytes, signed as cut`, cut, signed(target, cut), NOT_JSON);
	}
	const huge = Buffer.alloc(OVER_PAYLOAD_LIMIT, 0x20);
	huge.write('{"padding":"', 0);
	huge.write('"}', OVER_PAYLOAD_LIMIT - 2);
	add('huge body', '17 MiB, unsigned', huge, { ...JSON_TYPE }, N8N_PAYLOAD_TOO_LARGE);
	add('huge body', '17 MiB, signed', huge, signed(target, huge), N8N_PAYLOAD_TOO_LARGE);
	const mega = JSON.stringify({ ...target.validEvent('x'), padding: 'x'.repeat(1024 * 1024) });
	add('huge body', '1 MiB event, forged', mega, { ...JSON_TYPE, [header]: sign(target.scheme, `${target.secret}-forged`, mega) }, BAD_SIGNATURE);
	add('huge body', '1 MiB event, valid signature of another body', mega, { ...JSON_TYPE, [header]: sign(target.scheme, target.secret, event(700)) }, BAD_SIGNATURE);
	for (const depth of [1_000, 10_000, 100_000]) {
		const arrays = `{"nested":${deepNest(depth, '[', ']')}}`;
		const objects = `{"nested":${deepNest(depth, '{"a":', '}')}}`;
		add('deeply nested body', `${depth} nested arrays, signed`, arrays, signed(target, arrays), [...target.notAnEventAnswer, ...NOT_JSON]);
		add('deeply nested body', `${depth} nested objects, signed`, objects, signed(target, objects), [...target.notAnEventAnswer, ...NOT_JSON]);
		add('deeply nested body', `${depth} nested arrays at the top, signed`, deepNest(depth, '[', ']'), signed(target, deepNest(depth, '[', ']')), NOT_JSON);
		add('deeply nested body', `${depth} nested objects, unsigned`, objects, { ...JSON_TYPE }, BAD_SIGNATURE);
	}

	// Content types and methods.
	for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/octet-stream', 'text/html; charset=utf-16', 'application/json; charset=latin1']) {
		const body = event(800);
		add('wrong content type', `${type}, unsigned`, body, { 'content-type': type }, BAD_SIGNATURE_OR_UNPARSABLE);
		add('wrong content type', `${type}, forged`, body, { 'content-type': type, [header]: sign(target.scheme, `${target.secret}x`, body) }, BAD_SIGNATURE_OR_UNPARSABLE);
	}
	for (const input of inputs) if (/[/+]xml\b/i.test(input.headers['content-type'] ?? '')) input.alone = true;
	add('wrong content type', 'no content type, unsigned', event(801), {}, BAD_SIGNATURE);
	for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'HEAD']) {
		const body = method === 'GET' || method === 'HEAD' ? undefined : event(900);
		const probe = target.probeMethods?.includes(method);
		add(probe ? 'probe method' : 'wrong method', `${method}, signed`, body, body ? signed(target, body) : {}, probe ? [200] : N8N_WRONG_METHOD, method);
	}

	// Unknown event types (well-formed and signed: acknowledged, never run).
	for (const { name, event: unknown, expect } of target.unknownTypeEvents()) {
		const body = JSON.stringify(unknown);
		add('unknown event type', name, body, signed(target, body), expect);
	}
	return inputs;
}

/** Every trigger answers a multipart body 415: n8n has parsed the form, so no signature can be checked. */
const MULTIPART = [415];

/** Multipart bodies: n8n parses the form before the trigger sees the raw bytes. */
export function multipartInputs(target: HostileTarget): HostileInput[] {
	const boundary = 'hostileboundary';
	const event = JSON.stringify(target.validEvent('multipart'));
	const body = `--${boundary}\r\nContent-Disposition: form-data; name="event"\r\n\r\n${event}\r\n--${boundary}--\r\n`;
	const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
	return [
		{ category: 'wrong content type', name: 'multipart/form-data, unsigned', method: 'POST', headers, body, expect: MULTIPART },
		{ category: 'wrong content type', name: 'multipart/form-data, forged', method: 'POST', headers: { ...headers, [target.scheme.header]: sign(target.scheme, `${target.secret}x`, body) }, body, expect: MULTIPART },
		{ category: 'wrong content type', name: 'multipart/form-data, signed over the raw form', method: 'POST', headers: { ...headers, [target.scheme.header]: sign(target.scheme, target.secret, body) }, body, expect: MULTIPART },
	];
}

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** A request as a vendor handler sees it: path relative to the vendor's mount, body unread-to-bytes. */
export interface ReceivedRequest {
	method: string;
	/** Path inside the mount, e.g. `/api/v1/custom-messaging/send-message`. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	raw: Buffer;
}

/** What a handler answers. `body` is serialised as JSON unless it is a string. */
export interface Reply {
	status: number;
	contentType?: string;
	headers?: Record<string, string>;
	body?: unknown;
}

export const MAX_BODY_BYTES = 1024 * 1024;

export function jsonReply(status: number, body: unknown, contentType = 'application/json'): Reply {
	return { status, contentType, body };
}

export function notFound(path: string): Reply {
	return jsonReply(404, { error: 'not_found', path });
}

export class BodyTooLargeError extends Error {}

export function readRaw(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				reject(new BodyTooLargeError(`body larger than ${limit} bytes`));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export function serialiseBody(reply: Reply): string {
	if (reply.body === undefined) return '';
	return typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
}

export function writeReply(res: ServerResponse, reply: Reply): void {
	if (res.destroyed || res.writableEnded) return;
	const payload = serialiseBody(reply);
	const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
	if (payload !== '') headers['content-type'] = reply.contentType ?? 'application/json';
	headers['content-length'] = Buffer.byteLength(payload);
	res.writeHead(reply.status, headers);
	res.end(payload);
}

export function contentTypeIs(headers: IncomingHttpHeaders, mediaType: string): boolean {
	const value = headers['content-type'];
	if (!value) return false;
	return value.split(';')[0].trim().toLowerCase() === mediaType;
}

/**
 * The `{name}` segments of `path` when it has the shape of `template` (e.g.
 * `/orgs/{orgId}/users/{userId}`), URI-decoded; undefined when it does not match.
 */
export function matchPathTemplate(template: string, path: string): Record<string, string> | undefined {
	const expected = template.split('/');
	const actual = path.split('/');
	if (expected.length !== actual.length) return undefined;
	const values: Record<string, string> = {};
	for (const [index, part] of expected.entries()) {
		const name = /^\{(\w+)\}$/.exec(part)?.[1];
		if (!name) {
			if (part !== actual[index]) return undefined;
			continue;
		}
		if (actual[index] === '') return undefined;
		try {
			values[name] = decodeURIComponent(actual[index]);
		} catch {
			return undefined;
		}
	}
	return values;
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
	const header = headers.authorization;
	const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
	return match?.[1];
}

/** The user and password of `Authorization: Basic <base64(user:password)>`, or undefined. */
export function basicCredentials(headers: IncomingHttpHeaders): { username: string; password: string } | undefined {
	const header = headers.authorization;
	const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Parses a JSON body; `undefined` when it is not JSON. */
export function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(raw.toString('utf8')) };
	} catch {
		return { ok: false };
	}
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A bad admin command; the admin router answers it with 400 `{error}`. */
export class AdminInputError extends Error {}

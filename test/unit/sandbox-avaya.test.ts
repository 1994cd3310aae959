import { Agent, request } from 'undici';

import { LIMITS, PROBLEMS, PROBLEM_CONTENT_TYPE, SEND_PATHS, TOKEN_ERRORS, OPENID_GRANT_PATH, sendPath } from '../../nodes/AvayaInfinity/contract';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const tenant = DEFAULT_AVAYA_TENANT;
const END_USER = '+15551234567';

let sandbox: Sandbox;
let avaya: string;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	avaya = `${sandbox.url}/avaya`;
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.setConfig({ latencyMs: 0, avaya: { tenants: [{ autoReply: false }], sendPaths: Object.keys(SEND_PATHS) as Array<keyof typeof SEND_PATHS> } });
});

async function post(url: string, body: string, headers: Record<string, string>) {
	const response = await request(url, { method: 'POST', headers, body });
	const text = await response.body.text();
	return { status: response.statusCode, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function tokenForm(overrides: Record<string, string> = {}): string {
	return new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret, ...overrides }).toString();
}

async function token(): Promise<string> {
	const answer = await post(`${avaya}${OPENID_GRANT_PATH}`, tokenForm(), { 'content-type': 'application/x-www-form-urlencoded' });
	expect(answer.status).toBe(200);
	return answer.json?.access_token as string;
}

function message(overrides: Record<string, unknown> = {}) {
	return {
		connectorId: tenant.connectorId,
		channel: 'text',
		headers: { from: END_USER, to: [tenant.registeredNumbers[0]], destination: tenant.registeredNumbers[0] },
		body: { text: 'hello' },
		...overrides,
	};
}

async function send(body: unknown, accessToken?: string, path: string = SEND_PATHS.customMessaging, contentType = 'application/json') {
	const headers: Record<string, string> = { 'content-type': contentType };
	if (accessToken) headers.authorization = `Bearer ${accessToken}`;
	return post(`${avaya}${path}`, typeof body === 'string' ? body : JSON.stringify(body), headers);
}

function decodeJwtPart(part: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('Avaya token endpoint', () => {
	it('issues a JWT for the configured client and counts it', async () => {
		const answer = await post(`${avaya}${OPENID_GRANT_PATH}`, tokenForm(), { 'content-type': 'application/x-www-form-urlencoded' });
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ expires_in: 900, token_type: 'Bearer', scope: 'email profile' });
		const [header, payload, signature] = (answer.json?.access_token as string).split('.');
		expect(decodeJwtPart(header)).toEqual({ alg: 'RS256', typ: 'JWT' });
		const claims = decodeJwtPart(payload);
		expect(claims.azp).toBe(tenant.clientId);
		expect(claims.organization).toEqual([tenant.accountId]);
		expect(claims.owner).toEqual([tenant.connectorId]);
		expect((claims.exp as number) - (claims.iat as number)).toBe(900);
		expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(5);
		expect(typeof claims.jti).toBe('string');
		expect(signature.length).toBeGreaterThan(20);
		expect(sandbox.records.tokens().avaya[tenant.clientId]).toEqual({ requests: 1, issued: 1 });
	});

	it('uses the configured token lifetime', async () => {
		sandbox.setConfig({ avaya: { tenants: [{ tokenLifetimeSeconds: 120, autoReply: false }] } });
		const answer = await post(`${avaya}${OPENID_GRANT_PATH}`, tokenForm(), { 'content-type': 'application/x-www-form-urlencoded' });
		expect(answer.json?.expires_in).toBe(120);
	});

	it('rejects another grant type with 400 unsupported_grant_type', async () => {
		const answer = await post(`${avaya}${OPENID_GRANT_PATH}`, tokenForm({ grant_type: 'password' }), { 'content-type': 'application/x-www-form-urlencoded' });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual(TOKEN_ERRORS.unsupportedGrantType);
	});

	it.each<[string, Record<string, string>]>([
		['a wrong secret', { client_secret: 'wrong-example' }],
		['an unknown client', { client_id: 'someone-else' }],
		['no client id', { client_id: '' }],
	])('rejects %s with 401 invalid_client', async (_name, overrides) => {
		const answer = await post(`${avaya}${OPENID_GRANT_PATH}`, tokenForm(overrides), { 'content-type': 'application/x-www-form-urlencoded' });
		expect(answer.status).toBe(401);
		expect(answer.json).toEqual(TOKEN_ERRORS.invalidClient);
		expect(sandbox.records.tokens().avaya[overrides.client_id ?? tenant.clientId].issued).toBe(0);
	});

	it('rejects a JSON body with 400 invalid_request', async () => {
		const body = JSON.stringify({ grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret });
		const answer = await post(`${avaya}${OPENID_GRANT_PATH}`, body, { 'content-type': 'application/json' });
		expect(answer.status).toBe(400);
		expect(answer.json?.error).toBe('invalid_request');
	});

	it('records the request with the client secret and the access token redacted', async () => {
		await token();
		const [record] = sandbox.records.requests({ vendor: 'avaya', kind: 'token' });
		expect(record.body).toContain('client_secret=<redacted>');
		expect(JSON.stringify(record)).not.toContain(tenant.clientSecret);
		expect((record.response as Record<string, unknown>).access_token).toBe('<redacted>');
	});
});

describe('Avaya Send Message', () => {
	it.each(Object.keys(SEND_PATHS) as Array<keyof typeof SEND_PATHS>)('accepts a valid message on the %s path and echoes it', async (key) => {
		const answer = await send(message(), await token(), sendPath(key, tenant.accountId));
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ ...message(), accountId: tenant.accountId });
		for (const id of ['messageId', 'conversationSessionId'] as const) {
			expect(answer.json?.[id]).toMatch(/^[0-9a-f]+$/);
			expect((answer.json?.[id] as string).length).toBeLessThanOrEqual(LIMITS.responseIds);
		}
		const accepted = sandbox.records.accepted({ vendor: 'avaya' });
		expect(accepted).toHaveLength(1);
		expect(accepted[0].id).toBe(answer.json?.messageId);
	});

	it('answers 403 when path 3 names another account', async () => {
		const answer = await send(message(), await token(), sendPath('accountMessages', 'another-account'));
		expect(answer.status).toBe(403);
		expect(answer.json).toEqual(PROBLEMS[403]);
		expect(sandbox.records.accepted()).toHaveLength(0);
	});

	it('serves only the configured send paths', async () => {
		sandbox.setConfig({ avaya: { sendPaths: ['digitalMessaging'] } });
		const accessToken = await token();
		expect((await send(message(), accessToken, SEND_PATHS.customMessaging)).status).toBe(404);
		expect((await send(message(), accessToken, SEND_PATHS.digitalMessaging)).status).toBe(200);
	});

	describe('authentication', () => {
		it('answers 401 problem+json without a bearer token', async () => {
			const answer = await send(message());
			expect(answer.status).toBe(401);
			expect(answer.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
			expect(answer.json).toEqual(PROBLEMS[401]);
		});

		it('answers 401 for a token it did not issue', async () => {
			const real = await token();
			const [header, payload] = real.split('.');
			const claims = decodeJwtPart(payload);
			const forgedPayload = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp as number + 3600 })).toString('base64url');
			expect((await send(message(), `${header}.${forgedPayload}.${real.split('.')[2]}`)).status).toBe(401);
			expect((await send(message(), 'not-a-jwt')).status).toBe(401);
		});

		it('answers 401 after the expire-tokens fault, and accepts a fresh token', async () => {
			const old = await token();
			expect(sandbox.mounts.find((mount) => mount.name === 'avaya')?.expireTokens?.()).toBe(1);
			const answer = await send(message(), old);
			expect(answer.status).toBe(401);
			expect(answer.json).toEqual(PROBLEMS[401]);
			expect((await send(message(), await token())).status).toBe(200);
		});

		it('answers 401 once the token lifetime has passed', async () => {
			sandbox.setConfig({ avaya: { tenants: [{ tokenLifetimeSeconds: 1, autoReply: false }] } });
			const shortLived = await token();
			await new Promise((resolve) => setTimeout(resolve, 1100));
			expect((await send(message(), shortLived)).status).toBe(401);
		});

		it('answers 401 for tokens issued before a reset', async () => {
			const old = await token();
			sandbox.reset();
			expect((await send(message(), old)).status).toBe(401);
		});
	});

	describe('body checks', () => {
		it('answers 400 problem for a non-JSON content type', async () => {
			const answer = await send(message(), await token(), SEND_PATHS.customMessaging, 'text/plain');
			expect(answer.status).toBe(400);
			expect(answer.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
			expect(answer.json).toMatchObject({ ...PROBLEMS[400], violations: [expect.objectContaining({ field: 'Content-Type' })] });
		});

		it('answers 400 problem for malformed JSON', async () => {
			const answer = await send('{"connectorId":', await token());
			expect(answer.status).toBe(400);
			expect(answer.json?.title).toBe('Constraint Violation');
		});

		const long = (n: number) => 'x'.repeat(n);
		const cases: Array<[string, Record<string, unknown>, string, string]> = [
			['missing connectorId', { connectorId: undefined }, 'connectorId', 'must not be null'],
			['too long connectorId', { connectorId: long(LIMITS.connectorId + 1) }, 'connectorId', 'size must be between 0 and 50'],
			['another channel', { channel: 'sms' }, 'channel', 'invalid channel'],
			['missing headers', { headers: undefined }, 'headers', 'must not be null'],
			['missing from', { headers: { destination: '+912121212121' } }, 'headers.from', 'must not be null'],
			['blank from', { headers: { from: ' ', destination: '+912121212121' } }, 'headers.from', 'must not be blank'],
			['too long from', { headers: { from: long(LIMITS.from + 1), destination: '+912121212121' } }, 'headers.from', 'size must be between 0 and 256'],
			['missing destination', { headers: { from: END_USER } }, 'headers.destination', 'must not be null'],
			['too many to', { headers: { from: END_USER, destination: '+912121212121', to: Array(LIMITS.to.items + 1).fill('+1') } }, 'headers.to', 'size must be between 0 and 50'],
			['too long to entry', { headers: { from: END_USER, destination: '+912121212121', to: [long(LIMITS.to.each + 1)] } }, 'headers.to[0]', 'size must be between 0 and 256'],
			['missing text', { body: {} }, 'body.text', 'must not be null'],
			['too long text', { body: { text: long(LIMITS.text + 1) } }, 'body.text', 'size must be between 0 and 1024'],
			['unknown body type', { body: { text: 'x', type: 'video' } }, 'body.type', 'invalid body type'],
			['too many context parameters', { contextParameters: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])) }, 'contextParameters', 'size must be between 0 and 10'],
			['too long context value', { contextParameters: { key1: long(LIMITS.contextParameters.value + 1) } }, 'contextParameters.key1', 'size must be between 0 and 256'],
			['non-string context value', { contextParameters: { key1: 5 } }, 'contextParameters.key1', 'must be a string'],
		];
		it.each(cases)('answers 400 with one violation for %s', async (_name, overrides, field, text) => {
			const answer = await send(message(overrides), await token());
			expect(answer.status).toBe(400);
			expect(answer.json).toMatchObject({ ...PROBLEMS[400] });
			const violations = answer.json?.violations as Array<{ field: string; message: string; code: number }>;
			expect(violations).toHaveLength(1);
			expect(violations[0]).toEqual({ field, message: text, code: expect.any(Number) });
			expect(sandbox.records.accepted()).toHaveLength(0);
		});

		it('lists one violation per bad field', async () => {
			const answer = await send({ connectorId: long(51), channel: 'voice', headers: { from: 1, destination: '+912121212121' }, body: { text: '' } }, await token());
			const fields = (answer.json?.violations as Array<{ field: string }>).map((v) => v.field);
			expect(fields).toEqual(['connectorId', 'channel', 'headers.from', 'body.text']);
		});

		it('accepts values exactly at the limits', async () => {
			const answer = await send(
				message({
					body: { text: long(LIMITS.text) },
					contextParameters: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, long(LIMITS.contextParameters.value)])),
				}),
				await token(),
			);
			expect(answer.status).toBe(200);
		});
	});

	it('answers 403 for another connector than the token’s', async () => {
		const answer = await send(message({ connectorId: 'b3b33b33-0000-4444-a9a9-dd111d111d11' }), await token());
		expect(answer.status).toBe(403);
		expect(answer.json).toEqual(PROBLEMS[403]);
	});

	it('answers 400 on headers.destination for a number not registered to the connector', async () => {
		const answer = await send(message({ headers: { from: END_USER, destination: '+18005550000' } }), await token());
		expect(answer.status).toBe(400);
		expect(answer.json?.violations).toEqual([expect.objectContaining({ field: 'headers.destination' })]);
	});

	it('keeps one conversation per (connector, channel, from, destination) while it is open', async () => {
		const accessToken = await token();
		const first = await send(message(), accessToken);
		const second = await send(message({ body: { text: 'again' } }), accessToken);
		const otherUser = await send(message({ headers: { from: '+15557654321', destination: '+912121212121' } }), accessToken);
		expect(second.json?.conversationSessionId).toBe(first.json?.conversationSessionId);
		expect(second.json?.messageId).not.toBe(first.json?.messageId);
		expect(otherUser.json?.conversationSessionId).not.toBe(first.json?.conversationSessionId);
	});
});

describe('Avaya faults', () => {
	it('answers an injected 429 with Retry-After once, then normally', async () => {
		const accessToken = await token();
		sandbox.faults.add({ vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 429, retryAfter: '7' } });
		const limited = await send(message(), accessToken);
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('7');
		expect((await send(message(), accessToken)).status).toBe(200);
		expect(sandbox.records.accepted()).toHaveLength(1);
		expect(sandbox.records.requests({ kind: 'send' }).map((r) => r.faults)).toEqual([['status'], []]);
	});

	it('answers 503 without Retry-After `times` times and uses the vendor problem body for 500', async () => {
		const accessToken = await token();
		sandbox.faults.add({ vendor: 'avaya', kind: 'send', times: 2, fault: { type: 'status', status: 503 } });
		const first = await send(message(), accessToken);
		expect(first.status).toBe(503);
		expect(first.headers['retry-after']).toBeUndefined();
		expect((await send(message(), accessToken)).status).toBe(503);
		sandbox.faults.add({ vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 500 } });
		expect((await send(message(), accessToken)).json).toEqual(PROBLEMS[500]);
		expect((await send(message(), accessToken)).status).toBe(200);
	});

	it('applies a fault only to its endpoint kind and path', async () => {
		sandbox.faults.add({ vendor: 'avaya', kind: 'send', path: SEND_PATHS.digitalMessaging, fault: { type: 'status', status: 502 } });
		sandbox.faults.add({ vendor: 'avaya', kind: 'token', fault: { type: 'status', status: 504 } });
		expect((await post(`${avaya}${OPENID_GRANT_PATH}`, tokenForm(), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(504);
		const accessToken = await token();
		expect((await send(message(), accessToken, SEND_PATHS.customMessaging)).status).toBe(200);
		expect((await send(message(), accessToken, SEND_PATHS.digitalMessaging)).status).toBe(502);
	});

	it('reset-before-read: the connection drops and nothing is recorded', async () => {
		const accessToken = await token();
		sandbox.faults.add({ vendor: 'avaya', kind: 'send', fault: { type: 'reset-before-read' } });
		await expect(send(message(), accessToken)).rejects.toThrow();
		expect(sandbox.records.requests({ kind: 'send' })).toHaveLength(0);
		expect(sandbox.records.accepted()).toHaveLength(0);
		expect(sandbox.faults.firedFaults().map((fired) => fired.type)).toEqual(['reset-before-read']);
	});

	it('reset-after-accept: the message is accepted and recorded, the client gets no answer', async () => {
		const accessToken = await token();
		sandbox.faults.add({ vendor: 'avaya', kind: 'send', fault: { type: 'reset-after-accept' } });
		await expect(send(message(), accessToken)).rejects.toThrow();
		expect(sandbox.records.accepted()).toHaveLength(1);
		const [record] = sandbox.records.requests({ kind: 'send' });
		expect(record).toMatchObject({ status: 200, faults: ['reset-after-accept'] });
	});

	it('delay: answers late but still processes the request', async () => {
		const accessToken = await token();
		sandbox.faults.add({ vendor: 'avaya', kind: 'send', fault: { type: 'delay', ms: 150 } });
		const started = performance.now();
		const answer = await send(message(), accessToken);
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
		expect(answer.status).toBe(200);
		expect(sandbox.records.accepted()).toHaveLength(1);
	});

	it('global latency delays every vendor answer', async () => {
		sandbox.setConfig({ latencyMs: 60 });
		const started = performance.now();
		await token();
		expect(performance.now() - started).toBeGreaterThanOrEqual(55);
	});

	it('pauseListening refuses connections until resumeListening', async () => {
		await sandbox.pauseListening();
		// A fresh agent: a pooled keep-alive socket would fail differently (closed, not refused).
		const fresh = new Agent();
		await expect(request(`${sandbox.url}/_admin/health`, { dispatcher: fresh })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
		await fresh.close();
		await sandbox.resumeListening();
		expect((await request(`${sandbox.url}/_admin/health`)).statusCode).toBe(200);
	});
});

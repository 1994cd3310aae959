/** The Alvaria sandbox over HTTP: token endpoint, the three messaging operations, streaming sessions, admin commands. */
import { request } from 'undici';

import {
	DEFAULT_SCOPE,
	GRANT_PATH,
	HEADERS,
	STREAMING_SCOPE,
	TOKEN_ERRORS,
	TOKEN_LIFETIME_S,
	messagingPath,
	streamingPath,
	tokenForm,
	tokenPath,
	type Operation,
} from '../../nodes/Alvaria/contract';
import { SandboxClient } from '../../sandbox/client';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_ALVARIA_ORG } from '../../sandbox/vendors/alvariaConfig';

const org = DEFAULT_ALVARIA_ORG;
const USER = org.userIds[0];
const SESSION = org.seedSessionId;
const INTERACTION = org.seedInteractionIds[0];
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let sandbox: Sandbox;
let admin: SandboxClient;
let alvaria: string;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	admin = new SandboxClient(sandbox.url);
	alvaria = `${sandbox.url}/alvaria`;
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.setConfig({ alvaria: { orgs: [{}], inactivityDelaySeconds: 60, pollTimeoutMs: 20_000 } });
	sandbox.reset();
});

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json?: Record<string, unknown>;
}

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
	const response = await request(url, { method, headers, body });
	const text = await response.body.text();
	return { status: response.statusCode, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function requestToken(
	{ form = tokenForm(org.orgId), path = tokenPath(org.orgId), auth = basic(org.clientId, org.clientSecret), contentType = 'application/x-www-form-urlencoded' }: {
		form?: URLSearchParams | string;
		path?: string;
		auth?: string;
		contentType?: string;
	} = {},
): Promise<Answer> {
	const headers: Record<string, string> = { 'content-type': contentType };
	if (auth) headers.authorization = auth;
	return call('POST', `${alvaria}${path}`, headers, form.toString());
}

async function token(scope: string = DEFAULT_SCOPE): Promise<string> {
	const answer = await requestToken({ form: tokenForm(org.orgId, scope) });
	expect(answer.status).toBe(200);
	return answer.json?.access_token as string;
}

/** The fields every operation needs (the doc's example values). */
const target = { interactionId: INTERACTION, entityName: 'contactCenterAgent', entityType: 'Agent' };
const text = (overrides: Record<string, unknown> = {}) => ({ ...target, text: 'Hi this is an example of a text string.', ...overrides });

interface SendOptions {
	operation?: Operation;
	accessToken?: string | null;
	apiKey?: string | null;
	sessionId?: string | null;
	orgId?: string;
	userId?: string;
	contentType?: string;
}

async function send(body: unknown, options: SendOptions = {}): Promise<Answer> {
	const accessToken = options.accessToken === undefined ? await token() : options.accessToken;
	const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', accept: 'application/json' };
	if (accessToken !== null) headers.authorization = `Bearer ${accessToken}`;
	const apiKey = options.apiKey === undefined ? org.apiKey : options.apiKey;
	if (apiKey !== null) headers[HEADERS.apiKey] = apiKey;
	const sessionId = options.sessionId === undefined ? SESSION : options.sessionId;
	if (sessionId !== null) headers[HEADERS.sessionId] = sessionId;
	const path = messagingPath(options.orgId ?? org.orgId, options.userId ?? USER, options.operation ?? 'sendText');
	return call('POST', `${alvaria}${path}`, headers, typeof body === 'string' ? body : JSON.stringify(body));
}

function streamingHeaders(accessToken: string, sessionId?: string): Record<string, string> {
	const headers: Record<string, string> = { authorization: `Bearer ${accessToken}`, [HEADERS.apiKey]: org.apiKey, 'content-type': 'application/json' };
	if (sessionId) headers[HEADERS.sessionId] = sessionId;
	return headers;
}

async function createSession(accessToken: string): Promise<Answer> {
	return call('POST', `${alvaria}${streamingPath('session', org.orgId)}`, streamingHeaders(accessToken), '{}');
}

function expectEmpty(answer: Answer): void {
	expect(answer.text).toBe('');
	expect(answer.headers['content-length']).toBe('0');
	expect(answer.headers['content-type']).toBeUndefined();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Alvaria token endpoint', () => {
	it('issues an opaque token for Basic client auth, realm and messagingapi, valid 3599 s, and counts it', async () => {
		const answer = await requestToken();
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ access_token: expect.any(String), scope: DEFAULT_SCOPE, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S });
		expect(answer.json?.access_token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(answer.headers['cache-control']).toBe('no-store');
		expect(sandbox.records.tokens().alvaria[org.clientId]).toEqual({ requests: 1, issued: 1 });
	});

	it('grants every requested scope when messagingapi is among them', async () => {
		const answer = await requestToken({ form: tokenForm(org.orgId, `${DEFAULT_SCOPE} ${STREAMING_SCOPE}`) });
		expect(answer.json?.scope).toBe(`${DEFAULT_SCOPE} ${STREAMING_SCOPE}`);
	});

	it('uses the configured (shorter) token lifetime', async () => {
		sandbox.setConfig({ alvaria: { orgs: [{ tokenLifetimeSeconds: 60 }] } });
		expect((await requestToken()).json?.expires_in).toBe(60);
	});

	it('takes the realm from the query or from the form', async () => {
		const formOnly = await requestToken({ path: GRANT_PATH });
		const queryOnly = await requestToken({ form: new URLSearchParams({ scope: DEFAULT_SCOPE, grant_type: 'client_credentials' }) });
		expect([formOnly.status, queryOnly.status]).toEqual([200, 200]);
	});

	it.each<[string, Parameters<typeof requestToken>[0], number, object]>([
		['a JSON body', { contentType: 'application/json', form: JSON.stringify({ grant_type: 'client_credentials' }) }, 400, TOKEN_ERRORS.invalidRequest],
		['another grant type', { form: new URLSearchParams({ realm: org.orgId, scope: DEFAULT_SCOPE, grant_type: 'password' }) }, 400, TOKEN_ERRORS.unsupportedGrantType],
		['no realm', { path: GRANT_PATH, form: new URLSearchParams({ scope: DEFAULT_SCOPE, grant_type: 'client_credentials' }) }, 400, TOKEN_ERRORS.invalidRequest],
		['query and form realms that differ', { path: tokenPath('otherorg') }, 400, TOKEN_ERRORS.invalidRequest],
		['a scope without messagingapi', { form: tokenForm(org.orgId, STREAMING_SCOPE) }, 400, TOKEN_ERRORS.invalidScope],
		['no scope', { form: new URLSearchParams({ realm: org.orgId, grant_type: 'client_credentials' }) }, 400, TOKEN_ERRORS.invalidScope],
		['a wrong client secret', { auth: basic(org.clientId, 'wrong-secret-example') }, 401, TOKEN_ERRORS.invalidClient],
		['an unknown client', { auth: basic('someone-else', org.clientSecret) }, 401, TOKEN_ERRORS.invalidClient],
		['no Basic client auth', { auth: '' }, 401, TOKEN_ERRORS.invalidClient],
		['client credentials in the form instead of Basic', { auth: '', form: new URLSearchParams({ ...Object.fromEntries(tokenForm(org.orgId)), client_id: org.clientId, client_secret: org.clientSecret }) }, 401, TOKEN_ERRORS.invalidClient],
		['an unknown realm', { path: tokenPath('otherorg'), form: tokenForm('otherorg') }, 401, TOKEN_ERRORS.invalidClient],
	])('refuses %s', async (_name, input, status, body) => {
		const answer = await requestToken(input);
		expect(answer.status).toBe(status);
		expect(answer.json).toEqual(body);
		expect(sandbox.records.tokens().alvaria?.[org.clientId]?.issued ?? 0).toBe(0);
	});

	it('records the request with the Basic credentials and the token redacted', async () => {
		await token();
		const [record] = sandbox.records.requests({ vendor: 'alvaria', kind: 'token' });
		expect(record.headers.authorization).toBe('<redacted>');
		expect((record.response as Record<string, unknown>).access_token).toBe('<redacted>');
		expect(JSON.stringify(record)).not.toContain(Buffer.from(`${org.clientId}:${org.clientSecret}`).toString('base64'));
	});
});

describe('Alvaria messaging operations', () => {
	it.each<[Operation, Record<string, unknown>]>([
		['sendText', text()],
		['sendUrl', { ...target, url: 'https://www.alvaria.com' }],
		['notification', { ...target, state: 'composing', expiresAfterSeconds: 10 }],
		['notification', { ...target, state: 'composing' }],
	])('%s with a valid body is answered 202 with no body and recorded', async (operation, body) => {
		const answer = await send(body, { operation });
		expect(answer.status).toBe(202);
		expectEmpty(answer);
		const sent = await admin.alvariaSent(operation);
		expect(sent).toHaveLength(1);
		expect(sent[0].request).toMatchObject({ ...body, userId: USER, sessionId: SESSION });
		expect(sent[0].path).toBe(`/alvaria${messagingPath(org.orgId, USER, operation)}`);
	});

	it('answers 404 ErrorResponse for an org that is not the configured one', async () => {
		const answer = await send(text(), { orgId: 'otherorg' });
		expect(answer.status).toBe(404);
		expect(answer.json).toEqual({ code: 404, message: 'not found', errors: [{ scope: 'orgId', reason: 'notFound', message: 'organization otherorg does not exist' }] });
	});

	it.each<[string, SendOptions]>([
		['no bearer', { accessToken: null }],
		['an unknown bearer', { accessToken: 'unknown-token-example' }],
		['no x-api-key', { apiKey: null }],
		['a wrong x-api-key', { apiKey: 'wrong-api-key-example' }],
	])('answers 401 with an empty body for %s', async (_name, options) => {
		const answer = await send(text(), options);
		expect(answer.status).toBe(401);
		expectEmpty(answer);
		expect(sandbox.records.accepted({ vendor: 'alvaria' })).toHaveLength(0);
	});

	it('answers 401 with an empty body once the expire-tokens fault expired the token', async () => {
		const accessToken = await token();
		expect((await send(text(), { accessToken })).status).toBe(202);
		expect(await admin.addFault({ vendor: 'alvaria', kind: 'send', fault: { type: 'expire-tokens' } })).toEqual({ applied: 'expire-tokens', expired: 1 });
		const answer = await send(text(), { accessToken });
		expect(answer.status).toBe(401);
		expectEmpty(answer);
	});

	it('answers 401 when the token is past its (short) lifetime', async () => {
		sandbox.setConfig({ alvaria: { orgs: [{ tokenLifetimeSeconds: 1 }] } });
		const accessToken = await token();
		await sleep(1050);
		expect((await send(text(), { accessToken })).status).toBe(401);
	});

	it('answers 401 to a token of another org', async () => {
		sandbox.setConfig({ alvaria: { orgs: [{}, { orgId: 'secondorg', clientId: 'second-client', seedSessionId: 'second-session-example' }] } });
		const answer = await requestToken({ path: tokenPath('secondorg'), form: tokenForm('secondorg'), auth: basic('second-client', org.clientSecret) });
		expect(answer.status).toBe(200);
		expect((await send(text(), { accessToken: answer.json?.access_token as string })).status).toBe(401);
	});

	it('answers 400 ErrorResponse naming via-client-sessionid when it is missing', async () => {
		const answer = await send(text(), { sessionId: null });
		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({ code: 400, errors: [{ scope: HEADERS.sessionId, reason: 'required' }] });
	});

	it('answers 410 ErrorResponse when via-client-sessionid names no live session', async () => {
		const answer = await send(text(), { sessionId: 'no-such-session' });
		expect(answer.status).toBe(410);
		expect(answer.json).toMatchObject({ code: 410, message: 'gone', errors: [{ scope: HEADERS.sessionId, reason: 'gone' }] });
	});

	it('answers 404 ErrorResponse for an unknown userId', async () => {
		const answer = await send(text(), { userId: 'nobody' });
		expect(answer.status).toBe(404);
		expect(answer.json).toMatchObject({ code: 404, errors: [{ scope: 'userId', reason: 'notFound' }] });
	});

	it('answers 404 for an unknown interaction and 410 for a closed one', async () => {
		const unknown = await send(text({ interactionId: '999' }));
		expect(unknown.status).toBe(404);
		expect(unknown.json).toMatchObject({ errors: [{ scope: 'interactionId', reason: 'notFound' }] });
		await admin.alvariaCloseInteraction(INTERACTION);
		const closed = await send(text());
		expect(closed.status).toBe(410);
		expect(closed.json).toMatchObject({ code: 410, errors: [{ scope: 'interactionId', reason: 'gone' }] });
	});

	it('names every bad field in errors[]', async () => {
		const answer = await send({});
		expect(answer.status).toBe(400);
		expect((answer.json?.errors as Array<{ scope: string }>).map((error) => error.scope)).toEqual(['interactionId', 'entityName', 'entityType', 'text']);
		const notification = await send({ ...target, entityType: 'Bot', state: 'paused', expiresAfterSeconds: 31 }, { operation: 'notification' });
		expect(notification.json).toEqual({
			code: 400,
			message: 'bad request',
			errors: [
				{ scope: 'entityType', reason: 'invalidValue', message: 'entityType must be one of Agent, Monitor, System' },
				{ scope: 'state', reason: 'invalidValue', message: 'state must be composing' },
				{ scope: 'expiresAfterSeconds', reason: 'invalidValue', message: 'expiresAfterSeconds must be an integer from 1 to 30' },
			],
		});
	});

	it.each<[string, Operation, Record<string, unknown>, string]>([
		['an empty text', 'sendText', text({ text: '' }), 'text'],
		['a text that is not a string', 'sendText', text({ text: 42 }), 'text'],
		['a blank entityName', 'sendText', text({ entityName: '  ' }), 'entityName'],
		['an entityType in the wrong case', 'sendText', text({ entityType: 'agent' }), 'entityType'],
		['a URL missing', 'sendUrl', target, 'url'],
		['no state', 'notification', target, 'state'],
		['expiresAfterSeconds 0', 'notification', { ...target, state: 'composing', expiresAfterSeconds: 0 }, 'expiresAfterSeconds'],
		['expiresAfterSeconds 2.5', 'notification', { ...target, state: 'composing', expiresAfterSeconds: 2.5 }, 'expiresAfterSeconds'],
		['expiresAfterSeconds as a string', 'notification', { ...target, state: 'composing', expiresAfterSeconds: '10' }, 'expiresAfterSeconds'],
	])('refuses %s with 400 naming the field', async (_name, operation, body, field) => {
		const answer = await send(body, { operation });
		expect(answer.status).toBe(400);
		expect(answer.json?.errors).toEqual([expect.objectContaining({ scope: field })]);
	});

	it.each([1, 30])('accepts expiresAfterSeconds %i', async (seconds) => {
		expect((await send({ ...target, state: 'composing', expiresAfterSeconds: seconds }, { operation: 'notification' })).status).toBe(202);
	});

	it('refuses a body that is not JSON, and another method', async () => {
		expect((await send(text(), { contentType: 'text/plain' })).json).toMatchObject({ code: 400, errors: [{ scope: 'Content-Type' }] });
		expect((await send('{"interactionId": ')).json).toMatchObject({ code: 400, errors: [{ scope: 'body' }] });
		const get = await call('GET', `${alvaria}${messagingPath(org.orgId, USER, 'sendText')}`, {});
		expect(get.status).toBe(405);
		expect(get.json).toEqual({ code: 405, message: 'method not allowed' });
	});

	it('answers injected faults with an ErrorResponse (401 without a body) and processes nothing', async () => {
		await admin.addFault({ vendor: 'alvaria', kind: 'send', times: 1, fault: { type: 'status', status: 429, retryAfter: '2' } });
		await admin.addFault({ vendor: 'alvaria', kind: 'send', times: 1, fault: { type: 'status', status: 401 } });
		const accessToken = await token();
		const limited = await send(text(), { accessToken });
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('2');
		expect(limited.json).toEqual({ code: 429, message: 'too many requests' });
		const unauthorised = await send(text(), { accessToken });
		expect(unauthorised.status).toBe(401);
		expectEmpty(unauthorised);
		expect(sandbox.records.accepted({ vendor: 'alvaria' })).toHaveLength(0);
	});
});

describe('Alvaria streaming sessions', () => {
	async function streamingToken(): Promise<string> {
		return token(`${DEFAULT_SCOPE} ${STREAMING_SCOPE}`);
	}

	it('creates a session with a token that has streamingapi, and refuses one without (401, no body)', async () => {
		const created = await createSession(await streamingToken());
		expect(created.status).toBe(200);
		expect(created.json).toEqual({ sessionId: expect.any(String), creationTime: expect.any(String), inactivityDelay: 60 });
		expect((await send(text(), { sessionId: created.json?.sessionId as string })).status).toBe(202);
		const refused = await createSession(await token());
		expect(refused.status).toBe(401);
		expectEmpty(refused);
	});

	it('drops a session that is not polled within inactivityDelay: sends then get 410', async () => {
		sandbox.setConfig({ alvaria: { inactivityDelaySeconds: 0.3 } });
		const accessToken = await streamingToken();
		const { sessionId, inactivityDelay } = (await createSession(accessToken)).json as { sessionId: string; inactivityDelay: number };
		expect(inactivityDelay).toBe(0.3);
		expect((await send(text(), { sessionId })).status).toBe(202);
		await sleep(400);
		expect((await send(text(), { sessionId })).status).toBe(410);
		const poll = await call('GET', `${alvaria}${streamingPath('events', org.orgId)}`, streamingHeaders(accessToken, sessionId));
		expect(poll.status).toBe(410);
		expect((await admin.alvariaSessions()).find((session) => session.sessionId === sessionId)).toMatchObject({ live: false, ended: 'expired' });
	});

	it('keeps a polled session alive past inactivityDelay', async () => {
		sandbox.setConfig({ alvaria: { inactivityDelaySeconds: 0.3, pollTimeoutMs: 50 } });
		const accessToken = await streamingToken();
		const { sessionId } = (await createSession(accessToken)).json as { sessionId: string };
		for (let poll = 0; poll < 5; poll++) {
			const answer = await call('GET', `${alvaria}${streamingPath('events', org.orgId)}`, streamingHeaders(accessToken, sessionId));
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual([]);
			await sleep(100);
		}
		expect((await send(text(), { sessionId })).status).toBe(202);
	});

	it('answers a pending long poll as soon as an event is queued', async () => {
		sandbox.setConfig({ alvaria: { pollTimeoutMs: 10_000 } });
		const accessToken = await streamingToken();
		const started = Date.now();
		const polling = call('GET', `${alvaria}${streamingPath('events', org.orgId)}`, streamingHeaders(accessToken, SESSION));
		await sleep(100);
		await admin.alvariaQueueEvent(SESSION, { type: 'example', interactionId: INTERACTION });
		const answer = await polling;
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual([{ type: 'example', interactionId: INTERACTION }]);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('ends a session on DELETE (204); it is gone afterwards', async () => {
		const accessToken = await streamingToken();
		const { sessionId } = (await createSession(accessToken)).json as { sessionId: string };
		const deleted = await call('DELETE', `${alvaria}${streamingPath('session', org.orgId)}`, streamingHeaders(accessToken, sessionId));
		expect(deleted.status).toBe(204);
		expect((await send(text(), { sessionId })).status).toBe(410);
		expect((await call('DELETE', `${alvaria}${streamingPath('session', org.orgId)}`, streamingHeaders(accessToken, sessionId))).status).toBe(410);
	});

	it('needs via-client-sessionid to poll', async () => {
		const answer = await call('GET', `${alvaria}${streamingPath('events', org.orgId)}`, streamingHeaders(await streamingToken()));
		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({ errors: [{ scope: HEADERS.sessionId }] });
	});
});

describe('Alvaria admin commands', () => {
	it('starts with the seed session and interaction live, and brings them back on reset', async () => {
		expect(await admin.alvariaSessions()).toEqual([expect.objectContaining({ sessionId: SESSION, live: true, keptAlive: true })]);
		expect(await admin.alvariaInteractions()).toEqual([expect.objectContaining({ interactionId: INTERACTION, state: 'open' })]);
		await admin.alvariaCloseSession(SESSION);
		expect((await send(text())).status).toBe(410);
		await admin.reset();
		expect((await send(text())).status).toBe(202);
	});

	it('creates sessions (kept alive unless asked) and interactions for tests and workflows', async () => {
		sandbox.setConfig({ alvaria: { inactivityDelaySeconds: 0.2 } });
		const kept = await admin.alvariaCreateSession();
		const expiring = await admin.alvariaCreateSession({ keepAlive: false });
		const interaction = await admin.alvariaOpenInteraction();
		expect(interaction).toMatchObject({ orgId: org.orgId, state: 'open', interactionId: expect.stringMatching(/^\d+$/) });
		await sleep(300);
		expect((await send(text({ interactionId: interaction.interactionId }), { sessionId: kept.sessionId })).status).toBe(202);
		expect((await send(text({ interactionId: interaction.interactionId }), { sessionId: expiring.sessionId })).status).toBe(410);
		await expect(admin.alvariaCreateSession({ sessionId: kept.sessionId })).rejects.toMatchObject({ status: 400 });
		await expect(admin.alvariaCloseInteraction('no-such-interaction')).rejects.toMatchObject({ status: 400 });
	});

	it('lists what was sent, per operation', async () => {
		await send(text({ text: 'first' }));
		await send({ ...target, url: 'https://example.com/order/17' }, { operation: 'sendUrl' });
		expect((await admin.alvariaSent()).map((record) => record.kind)).toEqual(['sendText', 'sendUrl']);
		expect((await admin.alvariaSent('sendText')).map((record) => (record.request as { text: string }).text)).toEqual(['first']);
	});

	it('refuses an invalid Alvaria config', () => {
		expect(() => sandbox.setConfig({ alvaria: { inactivityDelaySeconds: 0 } })).toThrow('inactivityDelaySeconds');
		expect(() => sandbox.setConfig({ alvaria: { orgs: [{ orgId: 'not a host label' }] } })).toThrow('orgId');
		expect(sandbox.config.alvaria.inactivityDelaySeconds).toBe(60);
	});

	it('describes the credential a user pastes into n8n', () => {
		const lines = sandbox.describe().join('\n');
		for (const value of [org.orgId, org.clientId, org.clientSecret, org.apiKey, SESSION, INTERACTION, USER, `${alvaria}`]) expect(lines).toContain(value);
	});
});

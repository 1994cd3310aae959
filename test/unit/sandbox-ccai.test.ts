/** The CCAI Platform sandbox over HTTP: Basic auth, the documented 400 texts in order, chat objects, active sessions, the rate limit. */
import { request } from 'undici';

import { API_BASE_PATH, CHAT_TYPES, ERROR_TEXTS, RATE_LIMIT_PER_SECOND, SMS_PATH } from '../../nodes/CcaiPlatform/contract';
import { SandboxClient } from '../../sandbox/client';
import { DEFAULT_CONFIG } from '../../sandbox/config';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_CCAI_TENANT } from '../../sandbox/vendors/ccaiConfig';

const tenant = DEFAULT_CCAI_TENANT;
const AGENT = tenant.agents[0];
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let sandbox: Sandbox;
let admin: SandboxClient;
let smsUrl: string;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	admin = new SandboxClient(sandbox.url);
	smsUrl = `${sandbox.url}/ccai${API_BASE_PATH}${SMS_PATH}`;
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.setConfig({ ccai: { tenants: [{}], rateLimitPerSecond: 1000, agentInfoForEmail: false } });
	sandbox.reset();
});

/** The doc's request (its examples all send `Messaging (SMS)`). */
function docRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		chat_type: 'Messaging (SMS)',
		end_user_number: '+1 415-555-0100',
		outbound_number: '+1 628-555-0199',
		message: 'lorem ipsum',
		ticket_id: '5006x00000XXxxxXXX',
		...overrides,
	};
}

function without(field: string): Record<string, unknown> {
	const body = docRequest();
	delete body[field];
	return body;
}

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	json: Record<string, unknown>;
}

async function send(body: unknown, auth: string | null = basic(tenant.subdomain, tenant.apiToken), contentType = 'application/json'): Promise<Answer> {
	const headers: Record<string, string> = { 'content-type': contentType };
	if (auth) headers.authorization = auth;
	const response = await request(smsUrl, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
	return { status: response.statusCode, headers: response.headers, json: (await response.body.json()) as Record<string, unknown> };
}

/** A distinct US end-user number per index. */
const endUser = (index: number) => `+1 415-555-${String(1000 + index).padStart(4, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const noSetUp = () => undefined;

/** The keys of the doc's 200 example, in its order. */
const DOC_CHAT_KEYS = [
	'id', 'lang', 'chat_type', 'status', 'created_at', 'queued_at', 'assigned_at', 'ends_at', 'wait_duration', 'chat_duration', 'rating',
	'has_feedback', 'out_ticket_id', 'out_ticket_url', 'verified', 'disconnected_by', 'fail_reason', 'selected_menu', 'menu_path',
	'agent_info', 'end_user', 'photos', 'videos', 'transfers', 'participants', 'offer_type', 'offer_events', 'answer_type', 'outbound_number',
];

describe('CCAI Outbound SMS: success', () => {
	it('answers the doc\'s request with the documented chat object, status selecting', async () => {
		const answer = await send(docRequest());
		expect(answer.status).toBe(200);
		expect(Object.keys(answer.json)).toEqual(DOC_CHAT_KEYS);
		expect(answer.json).toMatchObject({
			id: 114,
			lang: 'en',
			chat_type: 'Messaging (SMS)',
			status: 'selecting',
			assigned_at: null,
			out_ticket_id: null,
			agent_info: null,
			end_user: { id: 87, identifier: null, out_contact_id: null },
			participants: [{ id: 205, type: 'end_user', status: 'connected', chat_id: 114, user_id: null, end_user_id: 87, fail_reason: 'nothing' }],
			answer_type: 'manual',
			outbound_number: '+16285550199',
		});
		expect(answer.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
		expect(await admin.ccaiChats()).toEqual([answer.json]);
	});

	it.each(Object.values(CHAT_TYPES))('accepts chat_type %s', async (chatType) => {
		const answer = await send(docRequest({ chat_type: chatType }));
		expect(answer.status).toBe(200);
		expect(answer.json.chat_type).toBe(chatType);
	});

	it('assigns the chat to a known agentId, with agent_info', async () => {
		const answer = await send(docRequest({ agentId: AGENT.id }));
		expect(answer.json).toMatchObject({ status: 'assigned', agent_info: AGENT, assigned_at: expect.any(String) });
		expect(answer.json.participants).toEqual([expect.objectContaining({ type: 'end_user' }), expect.objectContaining({ type: 'agent', user_id: AGENT.id, end_user_id: null })]);
	});

	it('assigns the chat to a known agentEmail: agent_info null as in the doc, or filled when configured', async () => {
		const asDocumented = await send(docRequest({ agentEmail: AGENT.email }));
		expect(asDocumented.json).toMatchObject({ status: 'assigned', agent_info: null });
		expect(asDocumented.json.participants).toHaveLength(2);
		sandbox.setConfig({ ccai: { agentInfoForEmail: true } });
		await admin.ccaiEndSessions();
		expect((await send(docRequest({ agentEmail: AGENT.email.toUpperCase() }))).json).toMatchObject({ status: 'assigned', agent_info: AGENT });
	});

	it('leaves the chat unassigned for an unknown agent', async () => {
		const answer = await send(docRequest({ agentId: 999 }));
		expect(answer.json).toMatchObject({ status: 'selecting', agent_info: null });
	});

	it.each([
		['(628) 555-0199', '+16285550199'],
		['628.555.0199', '+16285550199'],
		['6285550199', '+16285550199'],
		['1 628 555 0199', '+16285550199'],
		['+16285550199', '+16285550199'],
	])('normalises the outbound number %s to %s', async (outbound, e164) => {
		const answer = await send(docRequest({ outbound_number: outbound }));
		expect(answer.status).toBe(200);
		expect(answer.json.outbound_number).toBe(e164);
	});
});

describe('CCAI Outbound SMS: Basic auth', () => {
	it.each<[string, string | null]>([
		['no Authorization', null],
		['a wrong API token', basic(tenant.subdomain, 'wrong-token-example')],
		['another subdomain', basic('someone-else', tenant.apiToken)],
		['a bearer token', `Bearer ${tenant.apiToken}`],
	])('answers 401 {"message":"Unauthorized"} to %s', async (_name, auth) => {
		const answer = await send(docRequest(), auth);
		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({ message: 'Unauthorized' });
		expect(sandbox.records.accepted({ vendor: 'ccai' })).toHaveLength(0);
	});

	it('records requests with the credentials redacted', async () => {
		await send(docRequest());
		const [record] = sandbox.records.requests({ vendor: 'ccai' });
		expect(record.headers.authorization).toBe('<redacted>');
		expect(JSON.stringify(record)).not.toContain(Buffer.from(`${tenant.subdomain}:${tenant.apiToken}`).toString('base64'));
	});
});

describe('CCAI Outbound SMS: the documented 400 texts', () => {
	it.each<[string, string, () => Record<string, unknown>, () => void]>([
		['chat_type missing', ERROR_TEXTS.chatTypeMissing, () => without('chat_type'), noSetUp],
		['chat_type In-app', ERROR_TEXTS.chatTypeInvalid, () => docRequest({ chat_type: 'In-app' }), noSetUp],
		['SMS switched off', ERROR_TEXTS.smsDisabled, () => docRequest(), () => sandbox.setConfig({ ccai: { tenants: [{ smsEnabled: false }] } })],
		['outbound SMS switched off', ERROR_TEXTS.outboundDisabled, () => docRequest(), () => sandbox.setConfig({ ccai: { tenants: [{ outboundSmsEnabled: false }] } })],
		['end_user_number missing', ERROR_TEXTS.endUserNumberMissing, () => without('end_user_number'), noSetUp],
		['end_user_number 12345', ERROR_TEXTS.endUserNumberInvalid, () => docRequest({ end_user_number: '12345' }), noSetUp],
		['a non-US end_user_number', ERROR_TEXTS.nonUsNumber, () => docRequest({ end_user_number: '+44 20 7946 0958' }), noSetUp],
		['outbound_number missing', ERROR_TEXTS.outboundNumberMissing, () => without('outbound_number'), noSetUp],
		['outbound_number 12345', ERROR_TEXTS.outboundNumberInvalid, () => docRequest({ outbound_number: '12345' }), noSetUp],
		['outbound_number +82 000-000-0000', ERROR_TEXTS.nonUsNumber, () => docRequest({ outbound_number: '+82 000-000-0000' }), noSetUp],
		['an outbound_number not configured', ERROR_TEXTS.outboundNumberNotFound, () => docRequest({ outbound_number: '+1 628-555-0100' }), noSetUp],
		['message ""', ERROR_TEXTS.messageMissing, () => docRequest({ message: '' }), noSetUp],
		['message missing', ERROR_TEXTS.messageMissing, () => without('message'), noSetUp],
	])('%s → 400 "%s"', async (_name, text, body, setUp) => {
		setUp();
		const answer = await send(body());
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({ message: text });
	});

	it('answers the active-session text to a second send to the same end user until the session is ended', async () => {
		expect((await send(docRequest())).status).toBe(200);
		const again = await send(docRequest({ end_user_number: '(415) 555-0100', message: 'second' }));
		expect(again.status).toBe(400);
		expect(again.json).toEqual({ message: ERROR_TEXTS.activeSession });
		expect((await send(docRequest({ end_user_number: endUser(7) }))).status).toBe(200);
		expect(await admin.ccaiSessions()).toEqual([
			expect.objectContaining({ subdomain: tenant.subdomain, endUserNumber: '+14155550100', chatId: 114 }),
			expect.objectContaining({ endUserNumber: '+14155551007', chatId: 115 }),
		]);
		expect(await admin.ccaiEndSessions({ end_user_number: '+1 415-555-0100' })).toEqual({ ended: 1 });
		const afterEnd = await send(docRequest());
		expect(afterEnd.status).toBe(200);
		expect(afterEnd.json.end_user).toMatchObject({ id: 87 });
	});

	it.each<[string, () => Record<string, unknown>, string, () => void]>([
		['chat_type before everything', () => ({ end_user_number: '12345', outbound_number: '12345', message: '' }), ERROR_TEXTS.chatTypeMissing, noSetUp],
		['chat_type validity before the SMS switch', () => docRequest({ chat_type: 'Voice' }), ERROR_TEXTS.chatTypeInvalid, () => sandbox.setConfig({ ccai: { tenants: [{ smsEnabled: false }] } })],
		['the SMS switch before the outbound switch', () => docRequest(), ERROR_TEXTS.smsDisabled, () => sandbox.setConfig({ ccai: { tenants: [{ smsEnabled: false, outboundSmsEnabled: false }] } })],
		['the outbound switch before the numbers', () => docRequest({ end_user_number: '12345' }), ERROR_TEXTS.outboundDisabled, () => sandbox.setConfig({ ccai: { tenants: [{ outboundSmsEnabled: false }] } })],
		['end_user_number before outbound_number', () => docRequest({ end_user_number: '+82 10-0000-0000', outbound_number: '12345' }), ERROR_TEXTS.nonUsNumber, noSetUp],
		['outbound_number before message', () => docRequest({ outbound_number: '12345', message: '' }), ERROR_TEXTS.outboundNumberInvalid, noSetUp],
		['a configured outbound_number before message', () => docRequest({ outbound_number: '+1 628-555-0100', message: '' }), ERROR_TEXTS.outboundNumberNotFound, noSetUp],
	])('checks %s', async (_name, body, text, setUp) => {
		setUp();
		expect((await send(body())).json).toEqual({ message: text });
	});

	it('checks the message before the active session', async () => {
		await send(docRequest());
		expect((await send(docRequest({ message: ' ' }))).json).toEqual({ message: ERROR_TEXTS.messageMissing });
	});

	it('refuses a body that is not JSON (400) and another method (405)', async () => {
		expect((await send('chat_type=SMS', undefined, 'application/x-www-form-urlencoded')).status).toBe(400);
		expect((await send('{"chat_type": ')).status).toBe(400);
		const get = await request(smsUrl, { method: 'GET', headers: { authorization: basic(tenant.subdomain, tenant.apiToken) } });
		expect(get.statusCode).toBe(405);
		await get.body.dump();
	});
});

describe('CCAI per-customer rate limit', () => {
	it('answers 429 above the configured requests per second and records each refusal', async () => {
		sandbox.setConfig({ ccai: { rateLimitPerSecond: 5 } });
		const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => send(docRequest({ end_user_number: endUser(index) }))));
		const statuses = answers.map((answer) => answer.status).sort();
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
		expect(answers.find((answer) => answer.status === 429)?.json).toEqual({ message: 'Too Many Requests' });
		const limited = await admin.ccaiRateLimited();
		expect(limited).toHaveLength(3);
		expect(limited[0]).toMatchObject({ subdomain: tenant.subdomain, inWindow: 5, limit: 5 });
		await sleep(1050);
		expect((await send(docRequest({ end_user_number: endUser(20) }))).status).toBe(200);
	});

	it('counts requests in a sliding 1 s window, refused or not by the body', async () => {
		sandbox.setConfig({ ccai: { rateLimitPerSecond: 3 } });
		expect((await send(docRequest({ message: '' }))).status).toBe(400);
		await sleep(600);
		expect((await send(docRequest({ end_user_number: endUser(1) }))).status).toBe(200);
		expect((await send(docRequest({ end_user_number: endUser(2) }))).status).toBe(200);
		expect((await send(docRequest({ end_user_number: endUser(3) }))).status).toBe(429);
		await sleep(450);
		// The first request left the window; the two after it are still in it.
		expect((await send(docRequest({ end_user_number: endUser(4) }))).status).toBe(200);
		expect((await send(docRequest({ end_user_number: endUser(5) }))).status).toBe(429);
	});

	it('stays quiet under a limit set for the benchmark (100/s)', async () => {
		sandbox.setConfig({ ccai: { rateLimitPerSecond: 100 } });
		const answers = await Promise.all(Array.from({ length: 60 }, (_, index) => send(docRequest({ end_user_number: endUser(index) }))));
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		expect(await admin.ccaiRateLimited()).toEqual([]);
	});

	it('defaults to the published 10 requests/s', async () => {
		sandbox.setConfig({ ccai: { rateLimitPerSecond: DEFAULT_CONFIG.ccai.rateLimitPerSecond } });
		expect(DEFAULT_CONFIG.ccai.rateLimitPerSecond).toBe(RATE_LIMIT_PER_SECOND);
		const answers = await Promise.all(Array.from({ length: 11 }, (_, index) => send(docRequest({ end_user_number: endUser(index) }))));
		expect(answers.filter((answer) => answer.status === 429)).toHaveLength(1);
	});

	it('is per customer', async () => {
		sandbox.setConfig({ ccai: { rateLimitPerSecond: 2, tenants: [{}, { subdomain: 'second', apiToken: 'second-token-example' }] } });
		const first = await Promise.all([0, 1, 2].map((index) => send(docRequest({ end_user_number: endUser(index) }))));
		const second = await Promise.all([0, 1].map((index) => send(docRequest({ end_user_number: endUser(index) }), basic('second', 'second-token-example'))));
		expect(first.map((answer) => answer.status).sort()).toEqual([200, 200, 429]);
		expect(second.map((answer) => answer.status)).toEqual([200, 200]);
	});
});

describe('CCAI admin and faults', () => {
	it('ends all sessions on reset and through the admin command', async () => {
		await send(docRequest({ end_user_number: endUser(1) }));
		await send(docRequest({ end_user_number: endUser(2) }));
		expect(await admin.ccaiEndSessions()).toEqual({ ended: 2 });
		await send(docRequest({ end_user_number: endUser(1) }));
		await admin.reset();
		expect(await admin.ccaiSessions()).toEqual([]);
		await expect(admin.ccaiEndSessions({ end_user_number: '12345' })).rejects.toMatchObject({ status: 400 });
	});

	it('answers an injected status fault with a {message} body and creates nothing', async () => {
		await admin.addFault({ vendor: 'ccai', kind: 'sms', fault: { type: 'status', status: 503, retryAfter: '1' } });
		const answer = await send(docRequest());
		expect(answer.status).toBe(503);
		expect(answer.headers['retry-after']).toBe('1');
		expect(answer.json).toEqual({ message: 'Service Unavailable' });
		expect(await admin.ccaiSessions()).toEqual([]);
	});

	it('refuses an invalid CCAI config', () => {
		expect(() => sandbox.setConfig({ ccai: { rateLimitPerSecond: -1 } })).toThrow('ccai.rateLimitPerSecond');
		expect(() => sandbox.setConfig({ ccai: { tenants: [{}, {}] } })).toThrow('configured twice');
		expect(sandbox.config.ccai.rateLimitPerSecond).toBe(1000);
	});

	it('describes the credential a user pastes into n8n', () => {
		const lines = sandbox.describe().join('\n');
		for (const value of [`${sandbox.url}/ccai${API_BASE_PATH}`, tenant.subdomain, tenant.apiToken, tenant.outboundNumbers[0]]) expect(lines).toContain(value);
	});
});

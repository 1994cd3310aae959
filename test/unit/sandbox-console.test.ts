/**
 * The sandbox console's server side: the page and its assets, the tabs, conversations and traffic
 * log it builds from what the sandbox records, what typing as the end user or the agent sends, and
 * the live event stream. A webhook receiver stands in for n8n here (the e2e console test uses n8n).
 */
import { request } from 'undici';

import { OPENID_GRANT_PATH, SEND_PATHS } from '../../nodes/AvayaInfinity/contract';
import { SIGNATURE as GENESYS_SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { sign } from '../../nodes/shared/signature';
import { SandboxClient } from '../../sandbox/client';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { GENESYS_SMS_NUMBER } from '../../sandbox/vendors/smsConfig';
import type { Conversation, TrafficDetail, TrafficRow, VendorTab } from '../../sandbox/console/types';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { startWebhookReceiver, type WebhookReceiver } from '../../sandbox/webhookReceiver';

const avaya = DEFAULT_AVAYA_TENANT;
const genesys = DEFAULT_GENESYS_TENANT;
const AVAYA_NUMBER = avaya.registeredNumbers[0];
const END_USER = '+14155550100';
const GENESYS_API_KEY = 'console-test-genesys-api-key';

let sandbox: Sandbox;
let admin: SandboxClient;
let receiver: WebhookReceiver;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	admin = new SandboxClient(sandbox.url);
	receiver = await startWebhookReceiver([200]);
});
afterAll(async () => {
	await receiver.close();
	await sandbox.close();
});
beforeEach(async () => {
	await admin.reset();
	receiver.respondWith([200]);
	receiver.received.length = 0;
	await admin.patchConfig({
		avaya: { tenants: [{ autoReply: false, webhookUrl: receiver.url }], delivery: { maxAttempts: 2, baseDelayMs: 5 } },
		genesys: { tenants: [{ autoReply: false, webhookUrl: receiver.url, apiKey: GENESYS_API_KEY }], delivery: { maxAttempts: 2, baseDelayMs: 5 } },
		sms: { inboundWebhookUrl: receiver.url, delivery: { maxAttempts: 2, baseDelayMs: 5 } },
	});
});

async function get(path: string) {
	const response = await request(`${sandbox.url}${path}`);
	return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
	const response = await request(`${sandbox.url}/_console/api/${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.statusCode, body: (await response.body.json()) as T };
}

const conversations = async (vendor: string) => (await call<Conversation[]>('GET', `tabs/${vendor}/conversations`)).body;
const traffic = async (vendor: string) => (await call<TrafficRow[]>('GET', `tabs/${vendor}/traffic`)).body;
const steps = (conversation: Conversation | undefined, side: 'phone' | 'agent') =>
	(conversation?.[side] ?? []).map((bubble) => [bubble.author, bubble.text, bubble.statuses.map((status) => status.label)]);

async function avayaToken(): Promise<string> {
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: avaya.clientId, client_secret: avaya.clientSecret });
	const response = await request(`${sandbox.url}/avaya${OPENID_GRANT_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
	});
	return ((await response.body.json()) as { access_token: string }).access_token;
}

/** What the Avaya bridge workflow does with an end user's SMS: Send Message. */
async function avayaSend(token: string, from: string, text: string): Promise<number> {
	const response = await request(`${sandbox.url}/avaya${SEND_PATHS.customMessaging}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify({ connectorId: avaya.connectorId, channel: 'text', headers: { from, destination: AVAYA_NUMBER }, body: { text } }),
	});
	await response.body.dump();
	return response.statusCode;
}

/** What a workflow does to text an end user: the SMS provider's send. */
async function smsSend(from: string, to: string, text: string): Promise<number> {
	const response = await request(`${sandbox.url}/sms/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to, text }) });
	await response.body.dump();
	return response.statusCode;
}

async function genesysPost(messages: unknown[], signed = true): Promise<number> {
	const bytes = JSON.stringify({ messages });
	const headers: Record<string, string> = { 'content-type': 'application/json', 'x-ccid': genesys.ccid, 'x-api-key': GENESYS_API_KEY };
	if (signed) headers[GENESYS_SIGNATURE.header] = sign(GENESYS_SIGNATURE, genesys.appSecret, bytes);
	const response = await request(`${sandbox.url}/genesys/nexus/v3/channels/${genesys.channelId}/messages`, { method: 'POST', headers, body: bytes });
	await response.body.dump();
	return response.statusCode;
}

describe('the console page', () => {
	it('is served at the sandbox root with its script and stylesheet, all from the sandbox itself', async () => {
		const page = await get('/');
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(page.headers['content-security-policy']).toContain("default-src 'self'");
		expect(page.text).toContain('<script src="/_console/app.js">');
		expect(page.text).not.toMatch(/https?:\/\//);

		const script = await get('/_console/app.js');
		expect(script.status).toBe(200);
		expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
		expect(script.text).toContain('new EventSource("/_console/events")');
		expect(script.text).not.toMatch(/^\s*import /m);

		const style = await get('/_console/app.css');
		expect(style.status).toBe(200);
		expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
		expect(JSON.parse((await get('/_console/nothing')).text)).toMatchObject({ error: 'not_found' });
		expect(JSON.parse((await get('/nothing')).text)).toMatchObject({ error: 'not_found' });
	});

	it('has one tab per vendor mount, a vendor without a console hook included', async () => {
		const { body: tabs } = await call<VendorTab[]>('GET', 'tabs');
		expect(tabs.map((tab) => [tab.name, tab.title, tab.conversations])).toEqual([
			['avaya', 'Avaya Infinity', true],
			['genesys', 'Genesys Multicloud CX', true],
			['alvaria', 'Alvaria', false],
			['ccai', 'Google CCAI Platform', false],
			['sms', 'SMS provider (stand-in)', false],
			['webex', 'Webex Connect', false],
			['llm', 'Chat model (scripted)', false],
		]);
		expect(tabs[0]).toMatchObject({ smsNumber: AVAYA_NUMBER, agentSenders: ['agent', 'bot'], kinds: ['token', 'send'], tokens: true, autoReply: false });
		expect(tabs[0].notes).toEqual([
			`End users text ${AVAYA_NUMBER}; the SMS provider posts their messages to ${receiver.url}.`,
			`Avaya events of connector ${avaya.connectorId} go to ${receiver.url}.`,
		]);
		expect(tabs[1]).toMatchObject({ smsNumber: GENESYS_SMS_NUMBER, agentSenders: [], kinds: ['messages'], tokens: false });
		expect(tabs[1].notes[0]).toBe(`End users text ${GENESYS_SMS_NUMBER}; the SMS provider posts their messages to nowhere yet (sms.numbers[].webhookUrl or sms.inboundWebhookUrl).`);
		expect(tabs[4]).toMatchObject({ agentSenders: [], kinds: ['sms'], tokens: false, notes: [] });
		expect(tabs[4].autoReply).toBeUndefined();
		// A vendor without a conversation view still gets its tab: traffic log and fault switches.
		expect(tabs[2]).toMatchObject({ kinds: ['token', 'send', 'session', 'events'], tokens: true });
	});

	it('switches the simulated agent on and off', async () => {
		expect((await call('POST', 'tabs/avaya/auto-reply', { on: true })).body).toEqual({ autoReply: true });
		expect(sandbox.config.avaya.tenants[0].autoReply).toBe(true);
		expect((await call('POST', 'tabs/avaya/auto-reply', { on: false })).body).toEqual({ autoReply: false });
		expect((await call('POST', 'tabs/avaya/auto-reply', { on: 'yes' })).status).toBe(400);
		expect((await call('POST', 'tabs/sms/auto-reply', { on: true })).status).toBe(400);
	});
});

describe('an Avaya conversation, from what the sandbox recorded', () => {
	it('shows the end user\'s SMS, Avaya\'s acceptance after a 503, the agent\'s event and the SMS back, in order', async () => {
		expect((await call('POST', 'tabs/avaya/end-user', { endUser: END_USER, text: 'Hello' })).status).toBe(200);
		const token = await avayaToken();
		await admin.addFault({ vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 503 } });
		expect(await avayaSend(token, END_USER, 'Hello')).toBe(503);
		expect(await avayaSend(token, END_USER, 'Hello')).toBe(200);
		expect((await call('POST', 'tabs/avaya/agent', { endUser: END_USER, business: AVAYA_NUMBER, text: 'Hi! How can I help?', sender: 'agent' })).status).toBe(200);
		expect(await smsSend(AVAYA_NUMBER, END_USER, 'Hi! How can I help?')).toBe(201);

		const [conversation, ...others] = await conversations('avaya');
		expect(others).toEqual([]);
		expect(conversation).toMatchObject({ id: END_USER, endUser: END_USER, endUserPhone: END_USER, business: AVAYA_NUMBER, detail: expect.stringMatching(/^conversationSessionId [0-9a-f]{26}$/) });
		expect(steps(conversation, 'phone')).toEqual([
			['end-user', 'Hello', ['delivered']],
			['contact-center', 'Hi! How can I help?', ['queued']],
		]);
		expect(steps(conversation, 'agent')).toEqual([
			['end-user', 'Hello', ['accepted']],
			['contact-center', 'Hi! How can I help?', ['delivered']],
		]);
		expect(conversation.agent[0].statuses[0]).toEqual({ label: 'accepted', tone: 'warn', detail: 'Avaya answered 503 (fault: status) → 200' });
		expect(conversation.agent[0].traffic).toHaveLength(2);
		expect(conversation.agent[1]).toMatchObject({ sender: 'agent', statuses: [{ label: 'delivered', tone: 'ok', detail: 'n8n answered 200' }] });
		expect(conversation.phone[0].statuses[0].detail).toBe('the business\'s SMS webhook answered 200');
		expect(receiver.received).toHaveLength(2);
	});

	it('shows a webhook n8n keeps refusing as failed, and an SMS the provider refuses as failed', async () => {
		receiver.respondWith([500]);
		expect((await call('POST', 'tabs/avaya/agent', { endUser: END_USER, text: 'Anyone there?', sender: 'bot' })).status).toBe(200);
		await admin.addFault({ vendor: 'sms', kind: 'sms', fault: { type: 'status', status: 503 } });
		expect(await smsSend(AVAYA_NUMBER, END_USER, 'Anyone there?')).toBe(503);

		const [conversation] = await conversations('avaya');
		expect(conversation.agent).toEqual([
			expect.objectContaining({ sender: 'bot', statuses: [{ label: 'failed', tone: 'failed', detail: 'n8n answered 500 → 500; no more attempts' }] }),
		]);
		expect(conversation.phone).toEqual([
			expect.objectContaining({ author: 'contact-center', statuses: [{ label: 'failed', tone: 'failed', detail: 'the SMS provider answered 503 (fault: status): provider answered 503' }] }),
		]);
	});

	it('refuses what the vendor would not send, before sending anything', async () => {
		expect((await call('POST', 'tabs/avaya/agent', { endUser: END_USER, text: 'x', sender: 'customer' })).status).toBe(400);
		expect((await call('POST', 'tabs/avaya/agent', { endUser: END_USER, text: ' ' })).status).toBe(400);
		expect((await call('POST', 'tabs/avaya/end-user', { endUser: 'not a number', text: 'x' })).status).toBe(400);
		expect((await call('POST', 'tabs/nope/agent', { endUser: END_USER, text: 'x' })).status).toBe(400);
		expect((await call('GET', 'tabs/sms/conversations')).status).toBe(400);
		expect(await admin.events()).toEqual([]);
		expect(receiver.received).toEqual([]);
	});
});

describe('a Genesys conversation', () => {
	const consumer = '16504661149';
	const text = (messageId: string, body: string) => ({ channel: { from: { id: consumer }, to: { id: '16505550100' }, messageId }, type: 'Text', text: body });
	const receipt = (messageId: string, status: string, extra: Record<string, unknown> = {}) => ({
		channel: { from: { id: '16505550100' }, to: { id: consumer }, messageId },
		type: 'Receipt',
		status,
		...extra,
	});

	it('joins consumer messages, agent messages and their receipts by consumer, the phone thread by number', async () => {
		expect(await genesysPost([text('c-1', 'Where is my refund?')])).toBe(200);
		const sent = (await call<{ genesys: { messageId: string } }>('POST', 'tabs/genesys/agent', { endUserPhone: `+${consumer}`, business: '16505550100', text: 'Issued today' })).body;
		const failed = (await call<{ genesys: { messageId: string } }>('POST', 'tabs/genesys/agent', { endUser: consumer, text: 'Confirm your address?' })).body;
		expect(await genesysPost([receipt(sent.genesys.messageId, 'Delivered'), receipt(failed.genesys.messageId, 'Failed', { reasons: [{ code: 500, message: 'SMS provider refused' }] })])).toBe(200);
		expect(await smsSend(GENESYS_SMS_NUMBER, `+${consumer}`, 'Issued today')).toBe(201);

		const [conversation] = await conversations('genesys');
		expect(conversation).toMatchObject({ id: `+${consumer}`, endUser: consumer, endUserPhone: `+${consumer}`, business: '16505550100' });
		expect(steps(conversation, 'agent')).toEqual([
			['end-user', 'Where is my refund?', ['accepted']],
			['contact-center', 'Issued today', ['delivered', 'Delivered']],
			['contact-center', 'Confirm your address?', ['delivered', 'Failed']],
		]);
		expect(conversation.agent[2].statuses[1]).toEqual({ label: 'Failed', tone: 'failed', detail: 'receipt: Genesys answered 200; reason 500 SMS provider refused' });
		expect(steps(conversation, 'phone')).toEqual([['contact-center', 'Issued today', ['queued']]]);
	});

	it('shows an agent message without a receipt as waiting for one', async () => {
		await call('POST', 'tabs/genesys/agent', { endUser: consumer, text: 'Hello?' });
		const [conversation] = await conversations('genesys');
		expect(steps(conversation, 'agent')).toEqual([['contact-center', 'Hello?', ['delivered', 'no receipt yet']]]);
	});
});

describe('the traffic log', () => {
	it('lists a tab\'s requests with direction, status, signature verdict, retries and faults', async () => {
		await admin.addFault({ vendor: 'genesys', kind: 'messages', fault: { type: 'status', status: 429, retryAfter: '1' } });
		const message = [{ channel: { from: { id: '16504661149' }, to: { id: 'b' }, messageId: 'm-1' }, type: 'Text', text: 'Hi' }];
		expect(await genesysPost(message)).toBe(429);
		expect(await genesysPost(message)).toBe(200);
		expect(await genesysPost(message, false)).toBe(401);
		await call('POST', 'tabs/genesys/agent', { endUser: '16504661149', text: 'Hello' });

		const rows = await traffic('genesys');
		expect(rows.map((row) => [row.direction, row.kind, row.method, row.statusText, row.signature, row.retries, row.faults])).toEqual([
			['to-vendor', 'messages', 'POST', '429 (fault: status)', 'valid', 0, ['status']],
			['to-vendor', 'messages', 'POST', '200', 'valid', 1, []],
			['to-vendor', 'messages', 'POST', '401', 'missing', 0, []],
			['from-vendor', 'Text', 'POST', '200', 'signed', 0, []],
		]);
		expect(rows.map((row) => row.tone)).toEqual(['failed', 'ok', 'failed', 'ok']);
		expect(rows[3].path).toBe('/webhook');
	});

	it('shows an Avaya tab\'s own requests and the SMS of its number, not other numbers\' SMS', async () => {
		await admin.smsInbound({ from: END_USER, to: AVAYA_NUMBER, text: 'to Avaya' });
		await admin.smsInbound({ from: END_USER, to: GENESYS_SMS_NUMBER, text: 'to Genesys' });
		await avayaToken();
		const rows = await traffic('avaya');
		expect(rows.map((row) => [row.vendor, row.kind])).toEqual([
			['sms', 'inbound'],
			['avaya', 'token'],
		]);
		expect((await traffic('genesys')).map((row) => [row.vendor, row.kind, row.statusText])).toEqual([['sms', 'inbound', 'not sent: no-webhook-url']]);
	});

	it('shows headers and bodies with every secret masked', async () => {
		const token = await avayaToken();
		await avayaSend(token, END_USER, 'Hello');
		await genesysPost([{ channel: { from: { id: '16504661149' }, to: { id: 'b' }, messageId: 'm-2' }, type: 'Text', text: 'Hi' }]);
		await call('POST', 'tabs/avaya/agent', { endUser: END_USER, text: 'Hi' });
		const rows = [...(await traffic('avaya')), ...(await traffic('genesys'))];
		const details = await Promise.all(rows.map(async (row) => (await call<TrafficDetail>('GET', `traffic/${row.seq}`)).body));
		const [tokenRequest, send, event] = details;

		expect(tokenRequest.body).toBe(`grant_type=client_credentials&client_id=${avaya.clientId}&client_secret=<redacted>`);
		expect(tokenRequest.answers[0]).toMatchObject({ status: 200, body: { access_token: '<redacted>', token_type: 'Bearer' } });
		expect(send.headers.authorization).toBe('Bearer <redacted>');
		expect(send.body).toMatchObject({ headers: { from: END_USER }, body: { text: 'Hello' } });
		expect(event.url).toBe(receiver.url);
		expect(event.headers['x-avaya-event-signature']).toMatch(/^sha256=/);
		expect(event.answers).toEqual([expect.objectContaining({ attempt: 1, status: 200, body: { received: true, status: 200 } })]);
		expect(details[3].headers['x-api-key']).toBe('<redacted>');

		const everything = JSON.stringify(details);
		for (const secret of [avaya.clientSecret, avaya.webhookSecret, genesys.appSecret, GENESYS_API_KEY, token]) expect(everything).not.toContain(secret);
		expect((await call('GET', 'traffic/999999')).status).toBe(404);
	});
});

describe('live updates', () => {
	/** Reads server-sent events until `count` have arrived (or the time is up). */
	async function readEvents(count: number, whileOpen: () => Promise<void>, timeoutMs = 1500): Promise<Array<{ event: string; data: { seq: number } }>> {
		const controller = new AbortController();
		const response = await request(`${sandbox.url}/_console/events`, { signal: controller.signal });
		expect(response.headers['content-type']).toBe('text/event-stream');
		const events: Array<{ event: string; data: { seq: number } }> = [];
		const timer = setTimeout(() => controller.abort(), timeoutMs);
		let buffer = '';
		let acted = false;
		try {
			for await (const chunk of response.body) {
				buffer += chunk.toString();
				let end: number;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const event = /^event: (.*)$/m.exec(block)?.[1];
					const data = /^data: (.*)$/m.exec(block)?.[1];
					if (event && data) events.push({ event, data: JSON.parse(data) });
				}
				if (!acted && events.length > 0) {
					acted = true;
					await whileOpen();
				}
				if (events.length >= count) break;
			}
		} catch (error) {
			if (!controller.signal.aborted) throw error;
		} finally {
			clearTimeout(timer);
			controller.abort();
		}
		return events;
	}

	it('tells open pages that something changed, once per burst of records', async () => {
		receiver.respondWith([503, 200]);
		const before = sandbox.records.lastSeq();
		const events = await readEvents(3, async () => {
			for (let i = 0; i < 5; i++) await avayaToken();
			await call('POST', 'tabs/avaya/agent', { endUser: END_USER, text: 'retry me' });
		});
		expect(events[0]).toEqual({ event: 'changed', data: { seq: before } });
		expect(events.length).toBeGreaterThanOrEqual(2);
		expect(events.length).toBeLessThan(1 + 5 + 3);
		expect(events.every((event) => event.event === 'changed')).toBe(true);
		expect(events.at(-1)?.data.seq).toBe(sandbox.records.lastSeq());
		const [delivery] = await admin.events({ vendor: 'avaya', kind: 'messages' });
		expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
		expect(delivery).toMatchObject({ delivered: true, finished: true, signature: 'signed' });
	});

	it('reports delivery attempts to subscribers without changing how a record looks', () => {
		let calls = 0;
		const unsubscribe = sandbox.records.subscribe(() => (calls += 1));
		const record = sandbox.records.delivery({ vendor: 'test', kind: 'test', url: '', headers: {}, bytes: '' });
		record.attempts.push({ attempt: 1, at: '', status: 200, body: '', ms: 1 });
		unsubscribe();
		record.attempts.push({ attempt: 2, at: '', status: 200, body: '', ms: 1 });
		expect(calls).toBe(2);
		expect(JSON.parse(JSON.stringify(record)).attempts).toHaveLength(2);
		expect(Object.keys(record.attempts)).toEqual(['0', '1']);
	});
});

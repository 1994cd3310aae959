/** The Genesys sandbox: what its Message/Receipt endpoint enforces, and how its webhook sender behaves. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';

import { SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { sign, verify } from '../../nodes/shared/signature';
import { readRaw } from '../../sandbox/http';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import type { GenesysDeliveryRecord } from '../../sandbox/vendors/genesysEvents';
import { ERROR_CODES } from '../../sandbox/vendors/genesysValidation';

const tenant = DEFAULT_GENESYS_TENANT;
let sandbox: Sandbox;
let messagesUrl: string;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	messagesUrl = `${sandbox.url}/genesys/nexus/v3/channels/${tenant.channelId}/messages`;
});
afterAll(() => sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.setConfig({ genesys: { tenants: [{ autoReply: false }], delivery: { maxAttempts: 3, baseDelayMs: 10, timeoutMs: 10_000 } } });
});

function text(overrides: Record<string, unknown> = {}) {
	return { channel: { from: { id: '16504661149' }, to: { id: '0123456789' }, messageId: 'ext-1' }, type: 'Text', text: 'Hi', ...overrides };
}

async function post(body: unknown, headers: Record<string, string> = {}, url = messagesUrl, secret = tenant.appSecret) {
	const bytes = typeof body === 'string' ? body : JSON.stringify(body);
	const response = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-ccid': tenant.ccid, [SIGNATURE.header]: sign(SIGNATURE, secret, bytes), ...headers },
		body: bytes,
	});
	const answer = (await response.body.json()) as { status: { code: number; message?: string }; data?: { ids: string[] } };
	return { status: response.statusCode, answer };
}

describe('Message and Receipt API', () => {
	it('accepts signed Text messages and answers one id per message', async () => {
		const { status, answer } = await post({ messages: [text(), text({ channel: { from: { id: 'a@example.com' }, to: { id: 'b' }, messageId: 'ext-2' } })] });
		expect(status).toBe(200);
		expect(answer.status).toEqual({ code: 0 });
		expect(answer.data?.ids).toHaveLength(2);
		expect(sandbox.records.accepted({ vendor: 'genesys', kind: 'message' })).toHaveLength(2);
	});

	it('accepts receipts of every status and answers {status:{code:0}}', async () => {
		const receipt = (status: string, extra: Record<string, unknown> = {}) => ({
			channel: { from: { id: '0123456789' }, to: { id: '16504661149' }, messageId: 'm-1' },
			type: 'Receipt',
			status,
			...extra,
		});
		const { status, answer } = await post({
			messages: [receipt('Delivered'), receipt('Removed'), receipt('Failed', { reasons: [{ code: 350, message: 'Message not allowed.' }] })],
		});
		expect(status).toBe(200);
		expect(answer).toEqual({ status: { code: 0 } });
		const receipts = sandbox.records.accepted({ vendor: 'genesys', kind: 'receipt' });
		expect(receipts.map((r) => (r.request as { status: string }).status)).toEqual(['Delivered', 'Removed', 'Failed']);
		expect(receipts[0].response).toEqual({ knownMessage: false });
	});

	it.each([
		['a missing signature', { [SIGNATURE.header]: '' }, 401, ERROR_CODES.badSignature],
		['a wrong x-ccid', { 'x-ccid': 'other' }, 400, ERROR_CODES.wrongCcid],
	])('refuses %s', async (_name, headers, status, code) => {
		const result = await post({ messages: [text()] }, headers);
		expect(result.status).toBe(status);
		expect(result.answer.status.code).toBe(code);
		expect(sandbox.records.accepted({ vendor: 'genesys' })).toHaveLength(0);
	});

	it('refuses a signature made with another secret, and an unknown channel', async () => {
		expect((await post({ messages: [text()] }, {}, messagesUrl, 'wrong-secret-example')).status).toBe(401);
		const other = await post({ messages: [text()] }, {}, messagesUrl.replace(tenant.channelId, 'nope'));
		expect(other.status).toBe(400);
		expect(other.answer.status.code).toBe(ERROR_CODES.unknownChannel);
	});

	it('checks x-api-key only when configured', async () => {
		sandbox.setConfig({ genesys: { tenants: [{ apiKey: 'sandbox-api-key-example', autoReply: false }] } });
		expect((await post({ messages: [text()] })).status).toBe(401);
		expect((await post({ messages: [text()] }, { 'x-api-key': 'sandbox-api-key-example' })).status).toBe(200);
		// The key is a credential: the request records keep the header, not its value.
		const records = sandbox.records.requests({ vendor: 'genesys' });
		expect(records.map((r) => r.headers['x-api-key'])).toEqual([undefined, '<redacted>']);
		expect(JSON.stringify(records)).not.toContain('sandbox-api-key-example');
	});

	it.each([
		['an empty list', { messages: [] }, 'messages must be a non-empty array'],
		['an empty text', { messages: [text({ text: ' ' })] }, 'messages[0].text is required for type Text'],
		['an unknown type', { messages: [text({ type: 'Image' })] }, 'messages[0].type must be Text or Receipt'],
		['an unknown status', { messages: [{ ...text(), type: 'Receipt', status: 'Read' }] }, 'messages[0].status must be one of'],
		['an undocumented reason', { messages: [{ ...text(), type: 'Receipt', status: 'Failed', reasons: [{ code: 999 }] }] }, 'not a documented reason code'],
		['reasons without Failed', { messages: [{ ...text(), type: 'Receipt', status: 'Delivered', reasons: [{ code: 500 }] }] }, 'only allowed with status Failed'],
		['no messageId', { messages: [text({ channel: { from: { id: 'a' }, to: { id: 'b' } } })] }, 'channel.messageId is required'],
	])('answers 400 with a non-zero code for %s', async (_name, body, message) => {
		const { status, answer } = await post(body);
		expect(status).toBe(400);
		expect(answer.status.code).toBe(ERROR_CODES.invalidBody);
		expect(answer.status.message).toContain(message);
	});
});

/** A stand-in for our trigger: answers {"messageId"} after `delayMs`, with scripted statuses. */
async function startTrigger(statuses: number[], delayMs = 0) {
	const received: Array<{ headers: IncomingHttpHeaders; raw: Buffer }> = [];
	const server: Server = createServer(async (req, res) => {
		const raw = await readRaw(req);
		received.push({ headers: req.headers, raw });
		const status = statuses.length > 1 ? (statuses.shift() as number) : statuses[0];
		await new Promise((resolve) => setTimeout(resolve, delayMs));
		const parsed = JSON.parse(raw.toString()) as { channel?: { messageId: string }; messages?: Array<{ channel: { messageId: string } }> };
		const messageId = (parsed.channel ?? parsed.messages?.[0].channel)?.messageId;
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(status < 300 ? { messageId } : { message: 'Error in workflow' }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
	return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function agentMessage(body: Record<string, unknown>): Promise<GenesysDeliveryRecord> {
	const response = await request(`${sandbox.url}/_admin/genesys/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return (await response.body.json()) as GenesysDeliveryRecord;
}

describe('webhook sender', () => {
	it('signs the exact bytes, sends a trace id, records the answer time and the messageId answered', async () => {
		const trigger = await startTrigger([200]);
		try {
			const record = await agentMessage({ webhookUrl: trigger.url, to: '16504661149', text: 'Agent message text' });
			expect(record.delivered).toBe(true);
			const [{ headers, raw }] = trigger.received;
			expect(verify(SIGNATURE, tenant.appSecret, headers['x-hub-signature'], raw)).toBe('valid');
			expect(headers['x-b3-traceid']).toBeTruthy();
			expect(JSON.parse(raw.toString())).toMatchObject({ channel: { id: tenant.channelId, type: 'sms', from: { id: '0123456789' }, to: { id: '16504661149' } }, type: 'Text' });
			expect(record.genesys.matches).toBe(true);
			expect(record.genesys.answeredMessageId).toBe(record.genesys.messageId);
			expect(record.genesys.answerMs).toBeGreaterThanOrEqual(0);
			expect(record.genesys.answers[0].withinDeadline).toBe(true);
		} finally {
			await trigger.close();
		}
	});

	it('redelivers on 5xx until a 2xx, but not on a 4xx', async () => {
		const flaky = await startTrigger([503, 500, 200]);
		const refusing = await startTrigger([401]);
		try {
			const record = await agentMessage({ webhookUrl: flaky.url, to: '16504661149', text: 'x' });
			expect(record.attempts.map((a) => a.status)).toEqual([503, 500, 200]);
			expect(record.genesys.redeliveries).toBe(2);
			expect(new Set(flaky.received.map((r) => r.raw.toString())).size).toBe(1); // the same bytes each time
			const refused = await agentMessage({ webhookUrl: refusing.url, to: '16504661149', text: 'x' });
			expect(refused.attempts).toHaveLength(1);
			expect(refused.delivered).toBe(false);
		} finally {
			await flaky.close();
			await refusing.close();
		}
	});

	it('treats no answer within the deadline as not delivered and redelivers', async () => {
		const slow = await startTrigger([200], 400);
		try {
			const record = await agentMessage({ webhookUrl: slow.url, to: '16504661149', text: 'x', timeoutMs: 150, maxAttempts: 2 });
			expect(record.delivered).toBe(false);
			expect(record.attempts.map((a) => a.status)).toEqual([null, null]);
			expect(record.genesys.answers.every((a) => !a.withinDeadline)).toBe(true);
		} finally {
			await slow.close();
		}
	});

	it('sends e-mail samples, wrapped lists, forged and unsigned messages on request', async () => {
		const trigger = await startTrigger([200]);
		try {
			await agentMessage({ webhookUrl: trigger.url, type: 'Email', to: 'recipient-1@mail.com', subject: 'Subject', text: 'Plain', html: '<b>Html</b>' });
			const email = JSON.parse(trigger.received[0].raw.toString());
			expect(email).toMatchObject({ type: 'Email', subject: 'Subject', content: [{ type: 'text', text: 'Plain' }, { type: 'html', text: '<b>Html</b>' }] });
			await agentMessage({ webhookUrl: trigger.url, to: 'x', text: 'y', unsigned: true, wrap: true, maxAttempts: 1 });
			expect(trigger.received[1].headers['x-hub-signature']).toBeUndefined();
			await agentMessage({ webhookUrl: trigger.url, to: 'x', text: 'y', secretOverride: 'forged-secret-example', maxAttempts: 1 });
			expect(verify(SIGNATURE, tenant.appSecret, trigger.received[2].headers['x-hub-signature'], trigger.received[2].raw)).toBe('invalid');
		} finally {
			await trigger.close();
		}
	});

	it('flags receipts that refer to an agent message it sent', async () => {
		const trigger = await startTrigger([200]);
		try {
			const record = await agentMessage({ webhookUrl: trigger.url, to: '16504661149', text: 'x' });
			const receipt = { channel: { from: { id: '0123456789' }, to: { id: '16504661149' }, messageId: record.genesys.messageId }, type: 'Receipt', status: 'Delivered' };
			await post({ messages: [receipt] });
			expect(sandbox.records.accepted({ vendor: 'genesys', kind: 'receipt' })[0].response).toEqual({ knownMessage: true });
		} finally {
			await trigger.close();
		}
	});

	it('answers an accepted consumer message with an agent message when auto-reply is on', async () => {
		const trigger = await startTrigger([200]);
		try {
			sandbox.setConfig({ genesys: { tenants: [{ autoReply: true, autoReplyDelayMs: 0, webhookUrl: trigger.url }] } });
			await post({ messages: [text({ text: 'help' })] });
			for (let i = 0; i < 50 && trigger.received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
			expect(JSON.parse(trigger.received[0].raw.toString())).toMatchObject({ channel: { to: { id: '16504661149' } }, text: 'Agent: we received "help"' });
		} finally {
			await trigger.close();
		}
	});
});

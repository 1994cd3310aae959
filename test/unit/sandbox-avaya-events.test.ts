import { request } from 'undici';

import { OPENID_GRANT_PATH, REQUIRED_EVENT_FIELDS, SEND_PATHS, SIGNATURE, type HealthCheckEvent, type MessagesEvent } from '../../nodes/AvayaInfinity/contract';
import { compactJsonForm, verify } from '../../nodes/shared/signature';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { encodeEvent } from '../../sandbox/vendors/avayaEvents';
import { startWebhookReceiver, type WebhookReceiver } from '../../sandbox/webhookReceiver';
import { SandboxClient } from '../../sandbox/client';

const tenant = DEFAULT_AVAYA_TENANT;
const END_USER = '+15551234567';
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sandbox: Sandbox;
let admin: SandboxClient;
let receiver: WebhookReceiver;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	admin = new SandboxClient(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
	receiver = await startWebhookReceiver([200]);
	sandbox.reset();
	sandbox.setConfig({
		avaya: { tenants: [{ webhookUrl: receiver.url, autoReply: false }], delivery: { maxAttempts: 4, baseDelayMs: 10, timeoutMs: 2000 } },
	});
});
afterEach(() => receiver.close());

function json<T>(raw: Buffer): T {
	return JSON.parse(raw.toString('utf8')) as T;
}

async function endUserSends(text: string): Promise<Record<string, unknown>> {
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret });
	const tokenAnswer = await request(`${sandbox.url}/avaya${OPENID_GRANT_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
	});
	const { access_token: accessToken } = (await tokenAnswer.body.json()) as { access_token: string };
	const answer = await request(`${sandbox.url}/avaya${SEND_PATHS.customMessaging}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
		body: JSON.stringify({
			connectorId: tenant.connectorId,
			channel: 'text',
			headers: { from: END_USER, to: [tenant.registeredNumbers[0]], destination: tenant.registeredNumbers[0] },
			body: { text },
		}),
	});
	expect(answer.statusCode).toBe(200);
	return (await answer.body.json()) as Record<string, unknown>;
}

describe('event signatures (vendor-notes 1d vectors)', () => {
	const docHealthCheck: HealthCheckEvent = {
		eventType: 'health_check',
		eventId: '7ebffbb2-3ec0-4f03-a17e-46c9c2608338',
		eventTimestamp: '2025-09-14T16:49:22.219Z',
		accountId: '001d0106666c6888cc999c111c',
		connectorId: 'a2a22a22-b66b-4444-a9a9-dd111d111d11',
	};

	it('signs the compact health_check bytes as the doc vector', () => {
		const { bytes, headers } = encodeEvent(docHealthCheck, {}, 'avaya-test-secret');
		expect(Buffer.byteLength(bytes)).toBe(215);
		expect(headers[SIGNATURE.header]).toBe('sha256=HDJxXOD1ykNxvjIBQlP0DHf5nwHH6dfY+5LWy46lFto=');
	});

	it('signs the pretty bytes in pretty mode', () => {
		const { bytes, headers } = encodeEvent(docHealthCheck, { pretty: true }, 'avaya-test-secret');
		expect(Buffer.byteLength(bytes)).toBe(236);
		expect(headers[SIGNATURE.header]).toBe('sha256=kB1PSx65bncomnNOs6YR/mkS3023mtZ1u/4hqFkDlzU=');
	});

	it('signs the doc agent message as the third vector', () => {
		const agent: MessagesEvent = {
			eventType: 'messages',
			eventId: '9a68394c-46ca-43b0-8d7a-c0511c7dbe84',
			eventTimestamp: '2025-09-14T17:03:14.973Z',
			messageId: '049d01091481a36c2dfd6f3f4e',
			accountId: '001d0106666c6888cc999c111c',
			conversationSessionId: '028d0109148d0c42be45266207',
			connectorId: 'a2a22a22-b66b-4444-a9a9-dd111d111d11',
			channel: 'text',
			headers: { from: '+912121212121', to: ['+18777777777'] },
			body: { text: 'Hi I have processed your request. Changes will take affect in an hour.' },
			sender: { type: 'agent' },
		};
		const { bytes, headers } = encodeEvent(agent, {}, 'avaya-test-secret');
		expect(Buffer.byteLength(bytes)).toBe(494);
		expect(headers[SIGNATURE.header]).toBe('sha256=MEd/ABAhdG6L4xZco0BwIoPUPhn3UeOE0oHEyDgZNXo=');
	});

	it('sends no signature when unsigned or when the connector has no secret', () => {
		expect(encodeEvent(docHealthCheck, { unsigned: true }, 'avaya-test-secret').headers[SIGNATURE.header]).toBeUndefined();
		expect(encodeEvent(docHealthCheck, {}, '').headers[SIGNATURE.header]).toBeUndefined();
	});
});

describe('Validate URL (health_check)', () => {
	it('sends a signed health_check with exactly the documented fields and keeps the webhook enabled on 200', async () => {
		const result = await admin.avayaValidate();
		expect(result).toMatchObject({ delivered: true, webhookEnabled: true, attempts: [{ status: 200 }] });
		const [hit] = receiver.received;
		expect(verify(SIGNATURE, tenant.webhookSecret, hit.headers[SIGNATURE.header], hit.raw)).toBe('valid');
		expect(compactJsonForm(hit.raw)).toBeUndefined();
		const event = json<Record<string, unknown>>(hit.raw);
		expect(Object.keys(event)).toEqual([...REQUIRED_EVENT_FIELDS.health_check]);
		expect(event).toMatchObject({ eventType: 'health_check', accountId: tenant.accountId, connectorId: tenant.connectorId });
		expect(event.eventId).toMatch(UUID);
		expect(event.eventTimestamp).toMatch(ISO_MS);
	});

	it('disables the webhook on any answer but 200, without retrying, until validated again', async () => {
		receiver.respondWith([204]);
		const failed = await admin.avayaValidate();
		expect(failed).toMatchObject({ delivered: false, webhookEnabled: false });
		expect(failed.attempts).toHaveLength(1);

		const skipped = await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'lost' });
		expect(skipped.skipped).toBe('webhook-disabled');
		expect(receiver.received).toHaveLength(1);

		receiver.respondWith([200]);
		expect(await admin.avayaValidate()).toMatchObject({ delivered: true, webhookEnabled: true });
		const delivered = await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'arrives' });
		expect(delivered.delivered).toBe(true);
		expect(receiver.received).toHaveLength(3);
	});

	it('sets the connector webhook URL when given one', async () => {
		const other = await startWebhookReceiver([200]);
		try {
			await admin.avayaValidate({ webhookUrl: other.url });
			expect(other.received).toHaveLength(1);
			expect((await admin.avayaWebhook()).webhookUrl).toBe(other.url);
		} finally {
			await other.close();
		}
	});
});

describe('messages events', () => {
	it('sends an agent message from the business number to the end user, with the documented fields', async () => {
		const record = await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'Hi from the agent' });
		expect(record.delivered).toBe(true);
		const [hit] = receiver.received;
		expect(hit.raw.toString('utf8')).toBe(record.bytes);
		expect(verify(SIGNATURE, tenant.webhookSecret, hit.headers[SIGNATURE.header], hit.raw)).toBe('valid');
		const event = json<MessagesEvent>(hit.raw);
		expect(Object.keys(event)).toEqual([...REQUIRED_EVENT_FIELDS.messages]);
		expect(event).toMatchObject({
			eventType: 'messages',
			channel: 'text',
			accountId: tenant.accountId,
			connectorId: tenant.connectorId,
			headers: { from: tenant.registeredNumbers[0], to: [END_USER] },
			body: { text: 'Hi from the agent' },
			sender: { type: 'agent' },
		});
		expect(event.eventTimestamp).toMatch(ISO_MS);
		expect(event.messageId).toMatch(/^[0-9a-f]{26}$/);
	});

	it('puts an agent reply in the end user’s open conversation', async () => {
		const sent = await endUserSends('hello');
		await admin.avayaEvent({ senderType: 'bot', text: 'A bot answers' });
		const event = json<MessagesEvent>(receiver.received[0].raw);
		expect(event.conversationSessionId).toBe(sent.conversationSessionId);
		expect(event.headers.to).toEqual([END_USER]);
		expect(event.sender.type).toBe('bot');
	});

	it('pretty mode sends indented bytes signed over those bytes; secretOverride forges the signature', async () => {
		await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'pretty', pretty: true });
		const pretty = receiver.received[0];
		expect(pretty.raw.toString('utf8')).toContain('\n  "eventType"');
		expect(verify(SIGNATURE, tenant.webhookSecret, pretty.headers[SIGNATURE.header], pretty.raw)).toBe('valid');

		await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'forged', secretOverride: 'attacker-example' });
		const forged = receiver.received[1];
		expect(verify(SIGNATURE, tenant.webhookSecret, forged.headers[SIGNATURE.header], forged.raw)).toBe('invalid');

		await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'unsigned', unsigned: true });
		expect(receiver.received[2].headers[SIGNATURE.header]).toBeUndefined();
	});

	it.each([503, 408, 429])('retries a %i with backoff, keeping the eventId and the bytes', async (status) => {
		receiver.respondWith([status, status, 200]);
		const record = await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'retry me', baseDelayMs: 40 });
		expect(record.delivered).toBe(true);
		expect(record.attempts.map((attempt) => attempt.status)).toEqual([status, status, 200]);
		const hits = receiver.received;
		expect(hits).toHaveLength(3);
		expect(new Set(hits.map((hit) => hit.raw.toString('utf8'))).size).toBe(1);
		expect(new Set(hits.map((hit) => hit.headers[SIGNATURE.header])).size).toBe(1);
		expect(hits[1].at - hits[0].at).toBeGreaterThanOrEqual(35);
		expect(hits[2].at - hits[1].at).toBeGreaterThanOrEqual(75);
	});

	it('does not retry a 400', async () => {
		receiver.respondWith([400]);
		const record = await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'rejected' });
		expect(record).toMatchObject({ delivered: false, attempts: [{ status: 400 }] });
		expect(receiver.received).toHaveLength(1);
	});

	it('gives up after maxAttempts and records each attempt', async () => {
		receiver.respondWith([500]);
		const record = await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'dropped', maxAttempts: 3 });
		expect(record.delivered).toBe(false);
		expect(record.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500]);
		expect(record.attempts[0].body).toContain('"status":500');
		expect(receiver.received).toHaveLength(3);
	});

	it('retries connection failures', async () => {
		const closed = await startWebhookReceiver();
		const url = closed.url;
		await closed.close();
		const record = await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'nobody home', webhookUrl: url, maxAttempts: 2 });
		expect(record.delivered).toBe(false);
		expect(record.attempts).toHaveLength(2);
		expect(record.attempts.every((attempt) => attempt.status === null && attempt.error)).toBe(true);
	});

	it('records a skipped event when no webhook URL is set', async () => {
		sandbox.setConfig({ avaya: { tenants: [{ webhookUrl: '', autoReply: false }] } });
		const record = await admin.avayaEvent({ senderType: 'agent', to: [END_USER], text: 'nowhere' });
		expect(record.skipped).toBe('no-webhook-url');
	});

	it('with the All Messages subscription, sends a customer event per accepted send with the same messageId', async () => {
		sandbox.setConfig({ avaya: { tenants: [{ webhookUrl: receiver.url, subscription: 'all', autoReply: false }] } });
		const sent = await endUserSends('from the phone');
		const [hit] = await receiver.waitFor(1);
		const event = json<MessagesEvent>(hit.raw);
		expect(event).toMatchObject({
			messageId: sent.messageId,
			conversationSessionId: sent.conversationSessionId,
			headers: { from: END_USER, to: [tenant.registeredNumbers[0]] },
			body: { text: 'from the phone' },
			sender: { type: 'customer' },
		});
	});

	it('sends no customer event under the Contact Center Messages subscription', async () => {
		await endUserSends('quiet');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(receiver.received).toHaveLength(0);
	});

	it('auto-reply: a simulated agent answers the end user in the same conversation', async () => {
		sandbox.setConfig({ avaya: { tenants: [{ webhookUrl: receiver.url, autoReply: true, autoReplyDelayMs: 20 }] } });
		const sent = await endUserSends('where is my order?');
		const [hit] = await receiver.waitFor(1);
		const event = json<MessagesEvent>(hit.raw);
		expect(event).toMatchObject({
			conversationSessionId: sent.conversationSessionId,
			headers: { from: tenant.registeredNumbers[0], to: [END_USER] },
			body: { text: 'Agent: we received "where is my order?"' },
			sender: { type: 'agent' },
		});
		expect(event.messageId).not.toBe(sent.messageId);
	});
});

import { request } from 'undici';

import { SandboxClient } from '../../sandbox/client';
import { DEFAULT_CONFIG } from '../../sandbox/config';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startWebhookReceiver } from '../../sandbox/webhookReceiver';

let sandbox: Sandbox;
let admin: SandboxClient;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, config: { sms: { delivery: { maxAttempts: 2, baseDelayMs: 5 } } } });
	admin = new SandboxClient(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

async function sendSms(body: unknown, contentType = 'application/json') {
	const answer = await request(`${sandbox.url}/sms/messages`, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> };
}

describe('SMS provider stand-in: outbound', () => {
	it('queues a valid SMS and lists it', async () => {
		const answer = await sendSms({ from: '+912121212121', to: '+15551234567', text: 'Your order shipped' });
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({ status: 'queued', from: '+912121212121', to: '+15551234567', text: 'Your order shipped' });
		expect(answer.body.id).toMatch(/^SM[0-9a-f]{32}$/);
		expect(await admin.smsOutbound()).toEqual([answer.body]);
	});

	it.each([
		['a non-E.164 to', { from: '+912121212121', to: '5551234567', text: 'x' }, 'to'],
		['an impossible to', { from: '+912121212121', to: '+1555', text: 'x' }, 'to'],
		['a missing from', { to: '+15551234567', text: 'x' }, 'from'],
		['an empty text', { from: '+912121212121', to: '+15551234567', text: ' ' }, 'text'],
		['a too long text', { from: '+912121212121', to: '+15551234567', text: 'x'.repeat(1601) }, 'text'],
	])('rejects %s with 400 {error, field}', async (_name, body, field) => {
		const answer = await sendSms(body);
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: expect.any(String), field });
		expect(await admin.smsOutbound()).toEqual([]);
	});

	it('rejects a non-JSON body', async () => {
		expect((await sendSms('from=+1', 'application/x-www-form-urlencoded')).status).toBe(400);
	});

	it('honours an injected 503', async () => {
		await admin.addFault({ vendor: 'sms', kind: 'sms', fault: { type: 'status', status: 503, retryAfter: '2' } });
		const answer = await sendSms({ from: '+912121212121', to: '+15551234567', text: 'later' });
		expect(answer.status).toBe(503);
		expect(await admin.smsOutbound()).toEqual([]);
	});
});

describe('SMS provider stand-in: inbound', () => {
	it('POSTs an end user SMS as JSON to the inbound webhook', async () => {
		const receiver = await startWebhookReceiver([200]);
		try {
			await admin.patchConfig({ sms: { inboundWebhookUrl: receiver.url } });
			const record = await admin.smsInbound({ from: '+15551234567', to: '+912121212121', text: 'I need help' });
			expect(record.delivered).toBe(true);
			const [hit] = receiver.received;
			expect(hit.headers['content-type']).toBe('application/json');
			const sms = JSON.parse(hit.raw.toString('utf8')) as Record<string, string>;
			expect(sms).toEqual({ messageId: expect.any(String), from: '+15551234567', to: '+912121212121', text: 'I need help', receivedAt: expect.any(String) });
			expect(new Date(sms.receivedAt).toISOString()).toBe(sms.receivedAt);
		} finally {
			await receiver.close();
			await admin.patchConfig({ sms: { inboundWebhookUrl: '' } });
		}
	});

	it('retries a 5xx from the webhook', async () => {
		const receiver = await startWebhookReceiver([502, 200]);
		try {
			const record = await admin.smsInbound({ webhookUrl: receiver.url, from: '+15551234567', to: '+912121212121', text: 'again' });
			expect(record.attempts.map((attempt) => attempt.status)).toEqual([502, 200]);
		} finally {
			await receiver.close();
		}
	});

	it('posts an SMS to the webhook of the business number it was sent to, others to the provider-wide one', async () => {
		const perNumber = await startWebhookReceiver([200]);
		const providerWide = await startWebhookReceiver([200]);
		try {
			await admin.patchConfig({
				sms: { inboundWebhookUrl: providerWide.url, numbers: [{ number: '+16505550100', webhookUrl: perNumber.url }, { number: '+16505550111', webhookUrl: '' }] },
			});
			expect((await admin.smsInbound({ from: '+15551234567', to: '+16505550100', text: 'to the number' })).delivered).toBe(true);
			expect((await admin.smsInbound({ from: '+15551234567', to: '+18777777777', text: 'to another' })).delivered).toBe(true);
			expect((await admin.smsInbound({ from: '+15551234567', to: '+16505550111', text: 'to a number without webhook' })).skipped).toBe('no-webhook-url');
			expect(perNumber.received.map((hit) => JSON.parse(hit.raw.toString('utf8')).text)).toEqual(['to the number']);
			expect(providerWide.received.map((hit) => JSON.parse(hit.raw.toString('utf8')).text)).toEqual(['to another']);
			await expect(admin.patchConfig({ sms: { numbers: [{ number: '+16505550100' } as never] } })).rejects.toMatchObject({ status: 400 });
		} finally {
			await perNumber.close();
			await providerWide.close();
			await admin.patchConfig({ sms: { inboundWebhookUrl: '', numbers: DEFAULT_CONFIG.sms.numbers } });
		}
	});

	it('records a skipped delivery without a webhook URL and rejects a bad number', async () => {
		expect((await admin.smsInbound({ from: '+15551234567', to: '+912121212121', text: 'hello?' })).skipped).toBe('no-webhook-url');
		await expect(admin.smsInbound({ from: 'me', to: '+912121212121', text: 'x' })).rejects.toMatchObject({ status: 400 });
	});
});

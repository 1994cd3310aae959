import { request } from 'undici';

import { OPENID_GRANT_PATH, PROBLEMS, SEND_PATHS } from '../../nodes/AvayaInfinity/contract';
import { SandboxAdminError, SandboxClient } from '../../sandbox/client';
import { DEFAULT_CONFIG } from '../../sandbox/config';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { startWebhookReceiver } from '../../sandbox/webhookReceiver';

const tenant = DEFAULT_AVAYA_TENANT;
let sandbox: Sandbox;
let admin: SandboxClient;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, config: { avaya: { tenants: [{ autoReply: false }] } } });
	admin = new SandboxClient(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

async function token(): Promise<{ status: number; accessToken?: string }> {
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret });
	const answer = await request(`${sandbox.url}/avaya${OPENID_GRANT_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
	});
	const body = (await answer.body.json()) as { access_token?: string };
	return { status: answer.statusCode, accessToken: body.access_token };
}

async function send(accessToken: string) {
	const answer = await request(`${sandbox.url}/avaya${SEND_PATHS.customMessaging}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
		body: JSON.stringify({
			connectorId: tenant.connectorId,
			channel: 'text',
			headers: { from: '+15551234567', destination: tenant.registeredNumbers[0] },
			body: { text: 'hi' },
		}),
	});
	return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> };
}

describe('sandbox admin API', () => {
	it('reports health and the mounted vendors', async () => {
		expect(await admin.health()).toMatchObject({ ok: true, vendors: ['avaya', 'genesys', 'alvaria', 'ccai', 'sms', 'webex', 'llm'] });
	});

	it('merge-patches the config and rejects an invalid one', async () => {
		const patched = await admin.patchConfig({ latencyMs: 5, avaya: { tenants: [{ subscription: 'all', autoReply: false }] } });
		expect(patched.latencyMs).toBe(5);
		expect(patched.avaya.tenants[0]).toMatchObject({ ...DEFAULT_AVAYA_TENANT, subscription: 'all', autoReply: false });
		expect(patched.avaya.sendPaths).toEqual(DEFAULT_CONFIG.avaya.sendPaths);
		expect((await admin.getConfig()).latencyMs).toBe(5);
		await expect(admin.patchConfig({ avaya: { sendPaths: ['nope' as never] } })).rejects.toMatchObject({ status: 400 });
		await expect(admin.patchConfig({ latencyMs: -1 })).rejects.toBeInstanceOf(SandboxAdminError);
		await admin.patchConfig({ latencyMs: 0, avaya: { tenants: [{ autoReply: false }] } });
	});

	it('counts tokens per client: one token serves many sends', async () => {
		const { accessToken } = await token();
		for (let i = 0; i < 5; i++) expect((await send(accessToken as string)).status).toBe(200);
		expect(await admin.tokens()).toEqual({ avaya: { [tenant.clientId]: { requests: 1, issued: 1 } } });
		expect(await admin.accepted({ vendor: 'avaya' })).toHaveLength(5);
	});

	it('lists records by vendor, kind and seq, with Authorization redacted', async () => {
		const { accessToken } = await token();
		await send(accessToken as string);
		const all = await admin.records({ vendor: 'avaya' });
		expect(all.map((record) => record.kind)).toEqual(['token', 'send']);
		const [sendRecord] = await admin.records({ vendor: 'avaya', kind: 'send' });
		expect(sendRecord.headers.authorization).toBe('Bearer <redacted>');
		expect(sendRecord).toMatchObject({ method: 'POST', path: `/avaya${SEND_PATHS.customMessaging}`, status: 200 });
		expect(await admin.records({ since: all[1].seq })).toEqual([]);
	});

	it('reset clears records, tokens and faults but keeps the config', async () => {
		await admin.patchConfig({ latencyMs: 1 });
		await token();
		await admin.addFault({ vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 500 } });
		await admin.reset();
		expect(await admin.records()).toEqual([]);
		expect(await admin.tokens()).toEqual({});
		expect((await admin.faults()).pending).toEqual([]);
		expect((await admin.getConfig()).latencyMs).toBe(1);
		await admin.patchConfig({ latencyMs: 0 });
	});

	it('queues faults, lists them, and clears them', async () => {
		await admin.addFault({ vendor: 'avaya', kind: 'token', times: 2, fault: { type: 'status', status: 503, retryAfter: '1' } });
		expect((await admin.faults()).pending).toEqual([expect.objectContaining({ kind: 'token', remaining: 2 })]);
		expect((await token()).status).toBe(503);
		expect((await admin.faults()).pending[0].remaining).toBe(1);
		await admin.clearFaults();
		expect((await token()).status).toBe(200);
	});

	it('removes pending faults by rule id or by vendor, and keeps the fired ones listed', async () => {
		const first = (await admin.addFault({ vendor: 'avaya', kind: 'token', times: 5, fault: { type: 'status', status: 503 } })) as { id: number };
		await admin.addFault({ vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 429, retryAfter: '1' } });
		await admin.addFault({ vendor: 'sms', kind: 'sms', fault: { type: 'status', status: 503 } });
		expect((await token()).status).toBe(503);
		expect(await admin.removeFaults({ id: first.id })).toEqual({ ok: true, removed: 1 });
		expect((await admin.faults()).pending.map((rule) => [rule.vendor, rule.kind])).toEqual([
			['avaya', 'send'],
			['sms', 'sms'],
		]);
		expect(await admin.removeFaults({ vendor: 'avaya' })).toEqual({ ok: true, removed: 1 });
		const { pending, fired } = await admin.faults();
		expect(pending.map((rule) => rule.vendor)).toEqual(['sms']);
		expect(fired).toEqual([expect.objectContaining({ ruleId: first.id, type: 'status' })]);
		expect((await token()).status).toBe(200);
		await expect(admin.removeFaults({ id: 'x' as unknown as number })).rejects.toMatchObject({ status: 400 });
	});

	it('applies expire-tokens at once', async () => {
		const { accessToken } = await token();
		expect(await admin.addFault({ vendor: 'avaya', kind: 'send', fault: { type: 'expire-tokens' } })).toEqual({ applied: 'expire-tokens', expired: 1 });
		const answer = await send(accessToken as string);
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual(PROBLEMS[401]);
	});

	it.each([
		['an unknown vendor', { vendor: 'acme', kind: 'send', fault: { type: 'delay', ms: 1 } }],
		['an unknown kind', { vendor: 'avaya', kind: 'sms', fault: { type: 'delay', ms: 1 } }],
		['an unknown fault type', { vendor: 'avaya', kind: 'send', fault: { type: 'explode' } }],
		['a status out of range', { vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 99 } }],
		['zero times', { vendor: 'avaya', kind: 'send', times: 0, fault: { type: 'delay', ms: 1 } }],
	])('rejects %s with 400', async (_name, fault) => {
		await expect(admin.addFault(fault as never)).rejects.toMatchObject({ status: 400 });
	});

	it('ends open conversations so the next message starts a new one', async () => {
		const { accessToken } = await token();
		const first = await send(accessToken as string);
		expect((await send(accessToken as string)).body.conversationSessionId).toBe(first.body.conversationSessionId);
		expect(await admin.avayaEndConversations(first.body.conversationSessionId as string)).toEqual({ ended: 1 });
		expect((await send(accessToken as string)).body.conversationSessionId).not.toBe(first.body.conversationSessionId);
	});

	it('sends raw bytes and headers to a URL', async () => {
		const receiver = await startWebhookReceiver([202]);
		try {
			const result = await admin.raw({ url: receiver.url, headers: { 'content-type': 'application/json', 'x-test': 'hostile' }, body: '{"a":1,,}' });
			expect(result.status).toBe(202);
			expect(receiver.received[0].raw.toString('utf8')).toBe('{"a":1,,}');
			expect(receiver.received[0].headers['x-test']).toBe('hostile');
		} finally {
			await receiver.close();
		}
	});

	it('answers 404 JSON for unknown admin and vendor paths, 400 for a non-JSON admin body', async () => {
		for (const path of ['/_admin/nope', '/nowhere', '/avaya/api/v2/unknown']) {
			const answer = await request(`${sandbox.url}${path}`);
			expect(answer.statusCode).toBe(404);
			expect(await answer.body.json()).toMatchObject({ error: 'not_found' });
		}
		const bad = await request(`${sandbox.url}/_admin/config`, { method: 'POST', body: 'not json' });
		expect(bad.statusCode).toBe(400);
		await bad.body.dump();
	});
});

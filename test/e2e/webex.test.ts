/**
 * Webex Connect in a real n8n against the sandbox: Send SMS batched by identical message with a
 * result per recipient, Webex's error codes, both auth modes; the delivery-notification trigger
 * (signed, forged, unsigned, HEAD, redelivery, status filter); and the Genesys ⇄ Webex template end
 * to end. Workflows: test/e2e/workflows/webex-*.json, templates/genesys-webex-receipts.json.
 */
import { randomUUID } from 'node:crypto';

import { sign } from '../../nodes/shared/signature';
import { HUB_SIGNATURE_SCHEMES } from '../../nodes/WebexConnect/contract';
import { SIGNATURE as GENESYS_SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { DEFAULT_WEBEX_SERVICE } from '../../sandbox/vendors/webexConfig';
import { e2e, executionCountAfter, executionsFinished, postJson, postRaw, productionUrl, sandbox, webhookUrl } from '../harness/context';
import { WEBEX_TEMPLATE_GENESYS_WEBHOOK_ID, WEBEX_TEMPLATE_TRIGGER_WEBHOOK_ID, WEBEX_TEMPLATE_WORKFLOW_ID } from '../harness/webexTemplate';

const service = DEFAULT_WEBEX_SERVICE;
const TRIGGER = 'e2e00000-0000-4000-8000-0000000eb040';
const UNSIGNED_TRIGGER = 'e2e00000-0000-4000-8000-0000000eb050';
const number = (i: number) => `+1650555${String(i).padStart(4, '0')}`;

type Output = { transid?: string; code?: string; destination?: string; error?: string; vendorCode?: string; results?: Array<{ destination: string; transid: string }> };
type SentBody = { destination: Array<{ msisdn: string[] }>; channels: { sms: { text: string } }; callbackData?: string };

async function mark(): Promise<number> {
	const records = await sandbox().records();
	return Math.max(0, ...records.map((record) => record.seq));
}

async function webexRequests(since: number) {
	return (await sandbox().records({ vendor: 'webex', since })).filter((r) => r.kind === 'messaging');
}

/**
 * These sends' delivery notifications are not what these tests look at: they go to a sandbox URL
 * that answers 404, which Webex does not retry, rather than to the example workflow's trigger.
 */
const discardedNotifications = () => `${e2e().sandboxUrl}/_admin/webex/discarded-notifications`;

async function send(path: string, items: Array<Record<string, unknown>>): Promise<Output[]> {
	const reply = await postJson(productionUrl(path), { items: items.map((item) => ({ notifyUrl: discardedNotifications(), ...item })) });
	expect(reply.status).toBe(200);
	return reply.json as Output[];
}

afterEach(async () => {
	await sandbox().patchConfig({ webex: { service: { active: true, ipAllowed: true, accountTps: 0 } } });
});

describe('Webex Connect: Send SMS (real n8n)', () => {
	it('identical messages share one request; every item gets its own transid back, in order', async () => {
		const since = await mark();
		const out = await send('e2e-webex-send', [
			{ to: number(1), text: 'Batched', callbackData: 'cb-1' },
			{ to: number(2), text: 'Batched', callbackData: 'cb-1' },
			{ to: number(3), text: 'Another text' },
		]);
		const requests = await webexRequests(since);
		expect(requests.map((r) => (r.body as SentBody).destination.length).sort()).toEqual([1, 2]);
		const batched = requests.find((r) => (r.body as SentBody).destination.length === 2);
		const answered = (batched?.response as { response: Array<{ transid: string }> }).response.map((e) => e.transid);
		expect([out[0].transid, out[1].transid]).toEqual(answered);
		expect(out.every((o) => o.code === '1001')).toBe(true);
	});

	it('2 500 destinations in one execution: 3 requests of at most 1 000', async () => {
		const since = await mark();
		const items = Array.from({ length: 2500 }, (_, i) => ({ to: number(i), text: 'Campaign' }));
		const out = await send('e2e-webex-send', items);
		expect(out).toHaveLength(2500);
		expect((await webexRequests(since)).map((r) => (r.body as SentBody).destination.length)).toEqual([1000, 1000, 500]);
		expect(new Set(out.map((o) => o.transid)).size).toBe(2500);
	});

	it('one bad number among good ones fails only its item; the others go out together', async () => {
		const since = await mark();
		const out = await send('e2e-webex-send', [
			{ to: number(11), text: 'Mixed' },
			{ to: '12345', text: 'Mixed' },
			{ to: number(13), text: 'Mixed' },
		]);
		expect(out[0].code).toBe('1001');
		expect(out[1].error).toContain('Destination Numbers');
		expect(out[2].code).toBe('1001');
		const requests = await webexRequests(since);
		expect(requests).toHaveLength(1);
		expect((requests[0].body as SentBody).destination.map((d) => d.msisdn[0])).toEqual([number(11), number(13)]);
	});

	it.each([
		['service inactive', { active: false }, '7007'],
		['caller IP not allowed', { ipAllowed: false }, '7010'],
		['more destinations than the account TPS', { accountTps: 2 }, '7009'],
	])('%s: HTTP 200 with code %s becomes the item\'s error', async (_name, patch, code) => {
		await sandbox().patchConfig({ webex: { service: patch } });
		const out = await send('e2e-webex-send', [{ to: number(21), text: 'x' }, { to: number(22), text: 'x' }, { to: number(23), text: 'x' }]);
		expect(out.map((o) => o.vendorCode)).toEqual([code, code, code]);
	});

	it('a wrong service key is 7001; the JWT mode is accepted', async () => {
		const wrong = await send('e2e-webex-wrong-key', [{ to: number(31), text: 'x' }]);
		expect(wrong[0]).toMatchObject({ vendorCode: '7001' });
		const since = await mark();
		const jwt = await send('e2e-webex-send-jwt', [{ to: number(32), text: 'signed' }]);
		expect(jwt[0].code).toBe('1001');
		const [request] = await webexRequests(since);
		expect(request.headers.key).toBeUndefined();
		expect(String(request.headers.authorization)).toMatch(/^Bearer /);
	});
});

describe('Webex Connect Trigger (real n8n)', () => {
	function notification(status: string, transid = randomUUID()) {
		return JSON.stringify({
			deliveryInfoNotification: {
				deliveryInfo: { timeStamp: '2024-01-07T14:36:09.266', Description: status, code: status === 'Delivered' ? '7500' : '7501', deliveryChannel: 'SMS', additionalInfo: '', destination: '16505550100', destinationType: 'msisdn', deliveryStatus: status },
				transid,
				callbackData: 'cb-e2e',
				correlationid: 'corr-e2e',
			},
		});
	}
	const signed = (body: string, secret = service.hubSecret) => ({ 'content-type': 'application/json', 'x-hub-signature': sign({ ...HUB_SIGNATURE_SCHEMES.sha256, prefix: '' }, secret, body) });

	it('a signed notification runs once; its redelivery answers 200 and runs nothing', async () => {
		const transid = randomUUID();
		const body = notification('Delivered', transid);
		const before = (await executionCountAfter('e2eWebexTrigger1', 0));
		const first = await postRaw(webhookUrl(TRIGGER), body, signed(body));
		expect(first.status).toBe(200);
		const runs = await executionsFinished('e2eWebexTrigger1', before + 1);
		expect(runs.some((run) => JSON.stringify(run).includes(transid))).toBe(true);
		const again = await postRaw(webhookUrl(TRIGGER), body, signed(body));
		expect(again.status).toBe(200);
		expect(await executionCountAfter('e2eWebexTrigger1')).toBe(before + 1);
	});

	it('a forged or missing signature gets 401 and no run; the Submitted status is filtered out', async () => {
		const before = await executionCountAfter('e2eWebexTrigger1', 0);
		const body = notification('Delivered');
		expect((await postRaw(webhookUrl(TRIGGER), body, signed(body, 'guessed-secret'))).status).toBe(401);
		expect((await postRaw(webhookUrl(TRIGGER), body, { 'content-type': 'application/json' })).status).toBe(401);
		const submitted = notification('Submitted');
		expect((await postRaw(webhookUrl(TRIGGER), submitted, signed(submitted))).status).toBe(200);
		expect(await executionCountAfter('e2eWebexTrigger1')).toBe(before);
	});

	it('without a hub secret an unsigned notification runs', async () => {
		const before = await executionCountAfter('e2eWebexUnsigned', 0);
		const body = notification('Failed');
		expect((await postRaw(webhookUrl(UNSIGNED_TRIGGER), body, { 'content-type': 'application/json' })).status).toBe(200);
		await executionsFinished('e2eWebexUnsigned', before + 1);
	});

	it('answers Webex\'s HEAD probe with 200, so the notify URL can be saved', async () => {
		const head = await fetch(webhookUrl(TRIGGER), { method: 'HEAD' });
		expect(head.status).toBe(200);
		const probe = await sandbox().webexRegisterNotifyUrl(webhookUrl(UNSIGNED_TRIGGER));
		expect(probe.registered).toBe(true);
		expect(probe.record.url).toBe(webhookUrl(UNSIGNED_TRIGGER));
		// Back to the example workflow's trigger, which the template tests below rely on.
		expect((await sandbox().webexRegisterNotifyUrl(webhookUrl(WEBEX_TEMPLATE_TRIGGER_WEBHOOK_ID))).registered).toBe(true);
	});
});

describe('template: Genesys ⇄ SMS over Webex Connect with delivery receipts', () => {
	async function agentMessage(to: string, text: string) {
		const messageId = `e2e-${randomUUID()}`;
		const body = JSON.stringify({
			channel: { id: DEFAULT_GENESYS_TENANT.channelId, type: 'sms', from: { id: DEFAULT_GENESYS_TENANT.businessIds[0] }, to: { id: to }, messageId },
			type: 'Text',
			text,
		});
		const reply = await postRaw(webhookUrl(WEBEX_TEMPLATE_GENESYS_WEBHOOK_ID), body, {
			'content-type': 'application/json',
			[GENESYS_SIGNATURE.header]: sign(GENESYS_SIGNATURE, DEFAULT_GENESYS_TENANT.appSecret, body),
		});
		expect(reply.status).toBe(200);
		return messageId;
	}

	async function receiptFor(messageId: string, timeoutMs = 20_000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const receipts = (await sandbox().records({ vendor: 'genesys' })).filter((r) => JSON.stringify(r.body ?? '').includes(messageId) && JSON.stringify(r.body).includes('"Receipt"'));
			if (receipts.length) return receipts;
			await new Promise((r) => setTimeout(r, 200));
		}
		throw new Error(`no Genesys receipt for ${messageId}`);
	}

	it('an agent message becomes an SMS, and its delivery notification a Delivered receipt, exactly once', async () => {
		await sandbox().patchConfig({ webex: { notifications: { submitted: true, firstDelayMs: 50, finalDelayMs: 50, failingNumbers: [] } } });
		const messageId = await agentMessage('16505550190', 'Your refund is on its way');
		const receipts = await receiptFor(messageId);
		expect((receipts[0].body as { messages: Array<{ status: string }> }).messages[0].status).toBe('Delivered');
		const sent = (await sandbox().webexMessages()).filter((m) => JSON.stringify(m.request).includes(messageId));
		expect(sent).toHaveLength(1);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await receiptFor(messageId)).toHaveLength(1);
		await executionsFinished(WEBEX_TEMPLATE_WORKFLOW_ID, 2);
	});

	it('a failed delivery becomes a Failed receipt with the matching Genesys reason code', async () => {
		await sandbox().patchConfig({ webex: { notifications: { submitted: false, firstDelayMs: 50, failingNumbers: [{ msisdn: '+16505550191', code: '7109' }] } } });
		const messageId = await agentMessage('16505550191', 'Please call us');
		const [receipt] = await receiptFor(messageId);
		const message = (receipt.body as { messages: Array<{ status: string; reasons?: Array<{ code: number; message?: string }> }> }).messages[0];
		expect(message.status).toBe('Failed');
		expect(message.reasons?.[0].code).toBe(350);
		expect(message.reasons?.[0].message).toContain('7109');
	});
});

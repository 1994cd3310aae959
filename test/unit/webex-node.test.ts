/**
 * The Webex Connect node and trigger, executed for real (mocked n8n contexts, real transport) against
 * the sandbox: batching by identical message, per-recipient outcomes, both auth modes, the 200-with-
 * error answers, and the trigger's signature, filter, redelivery and HEAD probe.
 */
import { randomUUID } from 'node:crypto';
import { mock } from 'jest-mock-extended';
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode, type IWebhookFunctions, type Logger, type Workflow } from 'n8n-workflow';

import { clearCredentialCache } from '../../nodes/shared/credentialCache';
import { sign } from '../../nodes/shared/signature';
import { clearTokenCache } from '../../nodes/shared/tokenCache';
import { closeAllPools } from '../../nodes/shared/transport';
import { HUB_SIGNATURE_SCHEMES } from '../../nodes/WebexConnect/contract';
import { webexConnectApiTest } from '../../nodes/WebexConnect/methods/credentialTest';
import { WebexConnect } from '../../nodes/WebexConnect/WebexConnect.node';
import { WebexConnectTrigger } from '../../nodes/WebexConnect/WebexConnectTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_WEBEX_SERVICE } from '../../sandbox/vendors/webexConfig';
import { FakeResponse } from './support/n8nContexts';

const service = DEFAULT_WEBEX_SERVICE;

/** The digest alone, without the `sha256=` prefix (Webex documents hex, not whether a prefix comes with it). */
function bareHex(algorithm: 'sha256' | 'sha512', secret: string, raw: Buffer): string {
	return sign({ ...HUB_SIGNATURE_SCHEMES[algorithm], prefix: '' }, secret, raw);
}
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await closeAllPools();
	await sandbox.close();
});
beforeEach(() => {
	sandbox.reset();
	sandbox.setConfig({ webex: { service: { ...DEFAULT_WEBEX_SERVICE, senderIds: [], active: true }, notifications: { firstDelayMs: 60_000 } } });
	clearTokenCache();
	clearCredentialCache();
});

type Params = Record<string, unknown>;

function credentials(overrides: Params = {}): Params {
	return { baseUrl: 'custom', customBaseUrl: `${sandbox.url}/webex`, authMode: 'serviceKey', apiKey: service.serviceKey, ...overrides };
}

function context(items: Params[], { continueOnFail = false, creds = {} as Params, options = {} as Params } = {}) {
	const ctx = mock<IExecuteFunctions>();
	ctx.getInputData.mockReturnValue(items.map((json) => ({ json: json as never })));
	ctx.continueOnFail.mockReturnValue(continueOnFail);
	ctx.getNode.mockReturnValue({ name: 'Webex Connect', type: 'webexConnect', typeVersion: 1, position: [0, 0], parameters: {} } as INode);
	ctx.getCredentials.mockResolvedValue(credentials(creds));
	ctx.getNodeParameter.mockImplementation(((name: string, index: number, fallback?: unknown) => {
		if (name === 'resource') return 'sms';
		if (name === 'operation') return 'send';
		const item = items[index] ?? {};
		if (name === 'options') return { ...options, ...((item.options as Params) ?? {}) };
		return name in item ? item[name] : fallback;
	}) as never);
	return ctx;
}

const run = (ctx: IExecuteFunctions) => new WebexConnect().execute.call(ctx);
const number = (i: number) => `+1415555${String(i).padStart(4, '0')}`;
const sends = () => sandbox.records.requests({ vendor: 'webex' });
type Sent = { destination: Array<{ msisdn: string[]; correlationid?: string }>; channels: { sms: { text: string } }; callbackData?: string };

describe('Send SMS', () => {
	it('items with the same message share one request; each item gets the transids of its own recipients, in order', async () => {
		const items = [
			{ destinations: number(1), text: 'Your order shipped', options: { correlationId: 'order-1' } },
			{ destinations: `${number(2)}, ${number(3)}`, text: 'Your order shipped', options: { correlationId: 'order-1' } },
			{ destinations: number(4), text: 'Different text', options: { correlationId: 'order-1' } },
		];
		const [out] = await run(context(items));
		const requests = sends();
		expect(requests).toHaveLength(2);
		const first = requests[0].body as Sent;
		expect(first.destination).toEqual([
			{ msisdn: [number(1)], correlationid: 'order-1' },
			{ msisdn: [number(2)], correlationid: 'order-1' },
			{ msisdn: [number(3)], correlationid: 'order-1' },
		]);
		const answered = (requests[0].response as { response: Array<{ transid: string }> }).response.map((e) => e.transid);
		expect(out[0].json.transid).toBe(answered[0]);
		expect((out[1].json.results as Array<{ transid: string; destination: string }>).map((r) => [r.destination, r.transid])).toEqual([
			[number(2), answered[1]],
			[number(3), answered[2]],
		]);
		expect(out[1].json).toMatchObject({ code: '1001', description: 'Queued' });
		expect((requests[1].body as Sent).channels.sms.text).toBe('Different text');
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('2 500 recipients in one execution go out in 3 requests of at most 1 000', async () => {
		const items = Array.from({ length: 2500 }, (_, i) => ({ destinations: number(i), text: 'Campaign' }));
		const [out] = await run(context(items));
		expect(sends().map((r) => (r.body as Sent).destination.length)).toEqual([1000, 1000, 500]);
		expect(new Set(out.map((o) => o.json.transid)).size).toBe(2500);
	});

	it('a lower cap and batching off are honoured', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({ destinations: number(i), text: 'Capped' }));
		await run(context(items, { options: { destinationsPerRequest: 2 } }));
		expect(sends().map((r) => (r.body as Sent).destination.length)).toEqual([2, 2, 1]);
		sandbox.reset();
		await run(context(items, { options: { batch: false } }));
		expect(sends().map((r) => (r.body as Sent).destination.length)).toEqual([1, 1, 1, 1, 1]);
	});

	it('the JWT mode signs with the decoded service secret and is accepted; one token serves the run', async () => {
		const creds = { authMode: 'jwt', serviceId: service.serviceId, serviceSecret: service.serviceSecret, apiKey: '' };
		const [out] = await run(context([{ destinations: number(1), text: 'jwt' }, { destinations: number(2), text: 'jwt 2' }], { creds }));
		expect(out.every((o) => o.json.code === '1001')).toBe(true);
		const auth = sends().map((r) => String(r.headers.authorization));
		expect(auth.every((a) => a.startsWith('Bearer ') || a.includes('***'))).toBe(true);
		expect(sends()).toHaveLength(2);
	});

	it('a JWT signed with a wrong secret is Webex\'s 7001, reported with its code and without the secret', async () => {
		const wrong = Buffer.from('another-secret-entirely-example').toString('base64');
		const creds = { authMode: 'jwt', serviceId: service.serviceId, serviceSecret: wrong };
		const error = await run(context([{ destinations: number(1), text: 'x' }], { creds })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.vendorCode).toBe('7001');
		expect((error as NodeApiError).message).toContain('Authentication failed.');
		expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(wrong);
	});

	it('an inactive service answers HTTP 200 with 7007: the body decides, the run fails', async () => {
		sandbox.setConfig({ webex: { service: { active: false } } });
		const error = await run(context([{ destinations: number(1), text: 'x' }])).catch((e: unknown) => e);
		expect((error as NodeApiError).context.vendorCode).toBe('7007');
	});

	it('bad input fails before anything is sent, naming the field and the item', async () => {
		const long = await run(context([{ destinations: number(1), text: 'ok' }, { destinations: number(2), text: 'x'.repeat(1025) }])).catch((e: unknown) => e);
		expect(long).toBeInstanceOf(NodeOperationError);
		expect((long as Error).message).toContain('"Text" is 1025 characters long; Webex Connect allows at most 1024');
		expect((long as NodeOperationError).description).toContain('item 2');
		const badNumber = await run(context([{ destinations: 'not a number', text: 'x' }])).catch((e: unknown) => e);
		expect((badNumber as Error).message).toContain('Destination Numbers');
		const correlation = await run(context([{ destinations: number(1), text: 'x', options: { correlationId: 'c'.repeat(51) } }])).catch((e: unknown) => e);
		expect((correlation as Error).message).toContain('"Correlation ID" is 51 bytes long');
		expect(sends()).toHaveLength(0);
	});

	it('with continueOnFail a bad item gets its error and the others are still sent together', async () => {
		const [out] = await run(
			context([{ destinations: number(1), text: 'same' }, { destinations: '', text: 'same' }, { destinations: number(3), text: 'same' }], { continueOnFail: true }),
		);
		expect(out[1].json.error).toContain('Destination Numbers');
		expect(sends()).toHaveLength(1);
		expect((sends()[0].body as Sent).destination).toHaveLength(2);
	});

	it('the credential test proves the key with a 7003, and reports a wrong key', async () => {
		const test = (data: Params) => webexConnectApiTest.call(mock(), { id: '1', name: 'w', type: 'webexConnectApi', data } as never);
		expect(await test(credentials())).toMatchObject({ status: 'OK' });
		expect(await test(credentials({ apiKey: 'wrong-key-example' }))).toMatchObject({ status: 'Error', message: expect.stringContaining('Authentication failed.') });
		expect(sandbox.records.accepted({ vendor: 'webex' })).toHaveLength(0);
	});
});

describe('Webex Connect Trigger', () => {
	const HUB = 'wxc-hub-secret';
	function notification(status = 'Delivered', transid = randomUUID()) {
		return {
			deliveryInfoNotification: {
				deliveryInfo: { timeStamp: '2022-10-10T13:53:13.749', Description: status, code: status === 'Delivered' ? '7500' : '7102', deliveryChannel: 'SMS', destination: '14155550100', destinationType: 'msisdn', deliveryStatus: status, extraKey: 'kept' },
				transid,
				callbackData: 'genesys-msg-1',
				correlationid: 'order-1',
			},
		};
	}
	async function call(raw: Buffer, { headers = {} as Record<string, string>, hub = HUB, options = {} as Params, statuses = ['Delivered', 'Failed', 'Un-Delivered'], nodeId = randomUUID(), webhookName = 'default' } = {}) {
		const ctx = mock<IWebhookFunctions>();
		const res = Object.assign(new FakeResponse(), { end: jest.fn() });
		ctx.getRequestObject.mockReturnValue({ headers: { 'content-type': 'application/json', ...headers }, rawBody: raw, body: JSON.parse(raw.toString() || '{}') } as never);
		ctx.getResponseObject.mockReturnValue(res as never);
		ctx.getWebhookName.mockReturnValue(webhookName as never);
		ctx.getCredentials.mockResolvedValue(credentials({ hubSecret: hub }));
		ctx.getNodeParameter.mockImplementation(((name: string, fallback: unknown) => {
			if (name === 'statuses') return statuses;
			if (name === 'options') return options;
			if (name === 'options.signatureAlgorithm') return options.signatureAlgorithm ?? fallback;
			return fallback;
		}) as never);
		ctx.getWorkflow.mockReturnValue({ id: 'wf-1' } as Workflow);
		ctx.getNode.mockReturnValue({ id: nodeId } as INode);
		Object.defineProperty(ctx, 'logger', { value: mock<Logger>() });
		const result = await new WebexConnectTrigger().webhook.call(ctx);
		return { result, res };
	}
	const bytes = (body: object) => Buffer.from(JSON.stringify(body));

	it('a notification signed with bare hex HMAC-SHA256 runs once, with the builder\'s fields at the top level', async () => {
		const raw = bytes(notification());
		const { result } = await call(raw, { headers: { 'x-hub-signature': bareHex('sha256', HUB, raw) } });
		const item = result.workflowData?.[0][0].json as Params;
		expect(item).toMatchObject({ deliveryStatus: 'Delivered', code: '7500', description: 'Delivered', destination: '14155550100', timeStamp: '2022-10-10T13:53:13.749', correlationid: 'order-1', callbackData: 'genesys-msg-1' });
		expect((item.notification as Params).deliveryInfo).toMatchObject({ extraKey: 'kept' });
	});

	it('prefixed signatures and SHA-512 (node option) are accepted; forged and missing ones get 401 and no run', async () => {
		const raw = bytes(notification());
		const prefixed = await call(raw, { headers: { 'x-hub-signature': sign(HUB_SIGNATURE_SCHEMES.sha256, HUB, raw) } });
		expect(prefixed.result.workflowData).toBeDefined();
		const sha512 = await call(raw, { headers: { 'x-hub-signature': bareHex('sha512', HUB, raw) }, options: { signatureAlgorithm: 'sha512' } });
		expect(sha512.result.workflowData).toBeDefined();
		const forged = await call(raw, { headers: { 'x-hub-signature': bareHex('sha256', 'guess', raw) } });
		expect(forged.res.statusCode).toBe(401);
		expect(forged.result.workflowData).toBeUndefined();
		const missing = await call(raw);
		expect(missing.res.statusCode).toBe(401);
	});

	it('without a hub secret, unsigned notifications run (the node warns about it)', async () => {
		const { result } = await call(bytes(notification()), { hub: '' });
		expect(result.workflowData).toBeDefined();
	});

	it('the same transid and status delivered again answers 200 and does not run again; a new status does', async () => {
		const nodeId = randomUUID();
		const transid = randomUUID();
		const first = bytes(notification('Failed', transid));
		const headers = (raw: Buffer) => ({ 'x-hub-signature': bareHex('sha256', HUB, raw) });
		const one = await call(first, { headers: headers(first), nodeId });
		one.res.finish(200);
		const again = await call(first, { headers: headers(first), nodeId });
		expect(again.result.workflowData).toBeUndefined();
		expect(again.result.webhookResponse).toEqual({ status: 'accepted', transid });
		const delivered = bytes(notification('Delivered', transid));
		const other = await call(delivered, { headers: headers(delivered), nodeId });
		expect(other.result.workflowData).toBeDefined();
	});

	it('statuses outside the filter are answered 200 without a run (Submitted by default)', async () => {
		const raw = bytes(notification('Submitted'));
		const { result } = await call(raw, { headers: { 'x-hub-signature': bareHex('sha256', HUB, raw) } });
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toMatchObject({ status: 'ignored' });
	});

	it('a body that is not a delivery notification is a 400 and no run', async () => {
		for (const body of [{ deliveryInfoNotification: { transid: 'x' } }, { deliveryInfoNotification: 'x' }, { Channel: 'SMS', oa: '1', da: '2', message: 'hi' }]) {
			const { result, res } = await call(bytes(body), { hub: '' });
			expect(res.statusCode).toBe(400);
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('answers Webex\'s HEAD probe with 200 and no run', async () => {
		const { result, res } = await call(Buffer.alloc(0), { webhookName: 'setup' });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(200);
		expect(res.end).toHaveBeenCalled();
	});
});

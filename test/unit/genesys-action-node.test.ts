/**
 * The Genesys Multicloud CX action node, executed for real (mocked n8n context, real transport)
 * against the sandbox: Send Message and Delivery Receipt, batching, and what vendor errors become.
 */
import { mock } from 'jest-mock-extended';
import { NodeApiError, NodeOperationError, type ICredentialTestFunctions, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { GenesysMulticloud } from '../../nodes/GenesysMulticloud/GenesysMulticloud.node';
import { genesysMulticloudApiTest } from '../../nodes/GenesysMulticloud/methods/credentialTest';
import { verify } from '../../nodes/shared/signature';
import { closeAllPools } from '../../nodes/shared/transport';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { ERROR_CODES } from '../../sandbox/vendors/genesysValidation';

const tenant = DEFAULT_GENESYS_TENANT;
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, config: { genesys: { tenants: [{ autoReply: false }] } } });
});
afterAll(async () => {
	await closeAllPools();
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

type Params = Record<string, unknown>;

function credentials(overrides: Params = {}): Params {
	return {
		baseUrl: `${sandbox.url}/genesys/nexus/v3`,
		channelId: tenant.channelId,
		appSecret: tenant.appSecret,
		ccid: tenant.ccid,
		apiKey: '',
		messagesPath: '/channels/{channelId}/messages',
		...overrides,
	};
}

function context(operation: 'send' | 'receipt', items: Params[], { continueOnFail = false, creds = {} as Params, options = {} as Params } = {}) {
	const ctx = mock<IExecuteFunctions>();
	ctx.getInputData.mockReturnValue(items.map((json) => ({ json: json as never })));
	ctx.continueOnFail.mockReturnValue(continueOnFail);
	ctx.getNode.mockReturnValue({ name: 'Genesys Multicloud CX', type: 'genesysMulticloud', typeVersion: 1, position: [0, 0], parameters: {} } as INode);
	ctx.getCredentials.mockResolvedValue(credentials(creds));
	ctx.getNodeParameter.mockImplementation(((name: string, index: number, fallback?: unknown) => {
		if (name === 'resource') return 'message';
		if (name === 'operation') return operation;
		if (name === 'options') return options;
		const item = items[index] ?? {};
		return name in item ? item[name] : fallback;
	}) as never);
	return ctx;
}

const run = (ctx: IExecuteFunctions) => new GenesysMulticloud().execute.call(ctx);
const consumer = (i: number, extra: Params = {}) => ({ from: `1650466${String(i).padStart(4, '0')}`, to: '0123456789', text: `message ${i}`, ...extra });
const requests = () => sandbox.records.requests({ vendor: 'genesys' });

describe('Send Message', () => {
	it('sends a signed message with x-ccid and returns the messageId and the API answer', async () => {
		const [out] = await run(context('send', [consumer(1, { messageId: 'ext-1' })]));
		expect(out[0].json).toMatchObject({ messageId: 'ext-1', status: { code: 0 } });
		expect(typeof out[0].json.id).toBe('string');
		expect(out[0].json.data).toEqual({ ids: [out[0].json.id] });
		const [record] = requests();
		expect(record.status).toBe(200);
		expect(record.headers['x-ccid']).toBe(tenant.ccid);
		expect(record.body).toEqual({ messages: [{ channel: { from: { id: '16504660001' }, to: { id: '0123456789' }, messageId: 'ext-1' }, type: 'Text', text: 'message 1' }] });
		expect(record.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
	});

	it('generates a unique messageId when none is given', async () => {
		const [out] = await run(context('send', [consumer(1), consumer(2)]));
		const ids = out.map((o) => o.json.messageId as string);
		expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
		expect(ids[0]).not.toBe(ids[1]);
	});

	it('puts many items into one messages array per batch and maps data.ids back to the items', async () => {
		const items = Array.from({ length: 120 }, (_, i) => consumer(i));
		const [out] = await run(context('send', items, { options: { batchSize: 50 } }));
		const sent = requests();
		expect(sent.map((r) => (r.body as { messages: unknown[] }).messages.length)).toEqual([50, 50, 20]);
		const answered = sent.flatMap((r) => (r.response as { data: { ids: string[] } }).data.ids);
		expect(out.map((o) => o.json.id)).toEqual(answered);
		expect(out.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const sentTexts = sent.flatMap((r) => (r.body as { messages: Array<{ text: string }> }).messages.map((m) => m.text));
		expect(sentTexts).toEqual(items.map((i) => i.text));
	});

	it('batch size 1 sends one request per item', async () => {
		await run(context('send', [consumer(1), consumer(2), consumer(3)], { options: { batchSize: 1 } }));
		expect(requests()).toHaveLength(3);
	});

	it('adds channel.id and channel.type when asked', async () => {
		await run(context('send', [consumer(1)], { options: { includeChannel: true } }));
		expect((requests()[0].body as { messages: Array<{ channel: Params }> }).messages[0].channel).toMatchObject({ id: tenant.channelId, type: 'sms' });
	});

	it('accepts e-mail addresses and digits without +, and refuses empty addresses before sending anything', async () => {
		await run(context('send', [consumer(1, { from: 'someone@example.com' })]));
		const error = await run(context('send', [consumer(1), consumer(2, { from: ' ' })])).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toContain('"From (Consumer ID)" is empty');
		expect(requests()).toHaveLength(1);
	});

	it('a non-zero status.code is an error carrying the code and the vendor message', async () => {
		const error = await run(context('send', [consumer(1)], { creds: { ccid: 'wrong-ccid' } })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toBe(`Genesys Multicloud CX refused the request (HTTP 400, code ${ERROR_CODES.wrongCcid}): Missing or unknown x-ccid`);
		expect((error as NodeApiError).context.vendorCode).toBe(ERROR_CODES.wrongCcid);
	});

	it('a non-zero status.code with HTTP 200 is an error too', async () => {
		sandbox.faults.add({ vendor: 'genesys', kind: 'messages', fault: { type: 'status', status: 200, body: { status: { code: 42, message: 'Channel paused' } } } });
		const error = await run(context('send', [consumer(1)])).catch((e: unknown) => e);
		expect((error as NodeApiError).message).toBe('Genesys Multicloud CX refused the request (HTTP 200, code 42): Channel paused');
	});

	it('with continueOnFail, a refused batch marks every item of that batch and the next batch still goes', async () => {
		sandbox.faults.add({ vendor: 'genesys', kind: 'messages', fault: { type: 'status', status: 500 } });
		const [out] = await run(context('send', [consumer(1), consumer(2), consumer(3)], { continueOnFail: true, options: { batchSize: 2 } }));
		expect(out.map((o) => o.json.httpCode ?? o.json.status)).toEqual(['500', '500', { code: 0 }]);
		expect(out[0].json.vendorCode).toBe(ERROR_CODES.internal);
	});
});

describe('Delivery Receipt', () => {
	const receipt = (status: string, extra: Params = {}) => ({ messageId: 'agent-1', from: '0123456789', to: '16504661149', status, ...extra });

	it.each(['Delivered', 'Removed'])('sends a %s receipt, signed, without reasons', async (status) => {
		const [out] = await run(context('receipt', [receipt(status)]));
		expect(out[0].json).toEqual({ messageId: 'agent-1', receiptStatus: status, status: { code: 0 } });
		const [record] = requests();
		expect(record.body).toEqual({ messages: [{ channel: { from: { id: '0123456789' }, to: { id: '16504661149' }, messageId: 'agent-1' }, type: 'Receipt', status }] });
	});

	it('sends a Failed receipt with the reason code and message', async () => {
		const [out] = await run(context('receipt', [receipt('Failed', { reasonCode: 350, reasonMessage: 'Message not allowed. Your account has been suspended.' })]));
		expect(out[0].json.reasons).toEqual([{ code: 350, message: 'Message not allowed. Your account has been suspended.' }]);
		expect((requests()[0].body as { messages: Params[] }).messages[0]).toMatchObject({ status: 'Failed', reasons: [{ code: 350 }] });
		expect(requests()[0].status).toBe(200);
	});

	it('a Failed receipt without a message sends the code alone; an undocumented code is refused before sending', async () => {
		await run(context('receipt', [receipt('Failed', { reasonCode: 530 })]));
		expect((requests()[0].body as { messages: Params[] }).messages[0].reasons).toEqual([{ code: 530 }]);
		const error = await run(context('receipt', [receipt('Failed', { reasonCode: 999 })])).catch((e: unknown) => e);
		expect((error as NodeOperationError).message).toContain('"Reason Code" must be one of');
		expect(requests()).toHaveLength(1);
	});

	it('every request verifies with the app secret over the exact bytes the sandbox received', async () => {
		await run(context('receipt', [receipt('Delivered'), receipt('Failed', { reasonCode: 500 })]));
		// The sandbox answered 200 only because verify() passed on its side; check the recorded header shape too.
		expect(requests().every((r) => r.status === 200 && /^sha1=[0-9a-f]{40}$/.test(r.headers[SIGNATURE.header]))).toBe(true);
		expect(verify(SIGNATURE, tenant.appSecret, requests()[0].headers[SIGNATURE.header], Buffer.from(JSON.stringify(requests()[0].body)))).toBe('valid');
	});
});

describe('credential test', () => {
	const test = (creds: Params) => genesysMulticloudApiTest.call(mock<ICredentialTestFunctions>(), { id: '1', name: 'g', type: 'genesysMulticloudApi', data: credentials(creds) } as never);

	it('reports OK with the vendor answer when the signature and x-ccid are accepted', async () => {
		const result = await test({});
		expect(result.status).toBe('OK');
		expect(result.message).toContain('messages must be a non-empty array');
		expect(sandbox.records.accepted({ vendor: 'genesys' })).toHaveLength(0);
	});

	it.each([
		['a wrong app secret', { appSecret: 'wrong-secret-example' }, 'Invalid X-Hub-Signature'],
		['a wrong contact center id', { ccid: 'nope' }, 'x-ccid'],
		['a wrong channel', { channelId: 'nope' }, 'Unknown channel'],
	])('reports an error with the vendor answer for %s', async (_name, creds, text) => {
		const result = await test(creds);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(text);
	});

	it('reports missing fields without calling', async () => {
		const result = await test({ ccid: '' });
		expect(result).toEqual({ status: 'Error', message: 'Missing: Contact Center ID (x-ccid)' });
	});
});

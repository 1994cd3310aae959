/**
 * The Avaya Infinity action node, executed for real (mocked n8n context, real transport and token
 * cache) against the sandbox: what reached the vendor, and what each vendor answer becomes.
 */
import { mock } from 'jest-mock-extended';
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { AvayaInfinity } from '../../nodes/AvayaInfinity/AvayaInfinity.node';
import { clearTokenCache } from '../../nodes/shared/tokenCache';
import { closeAllPools } from '../../nodes/shared/transport';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { startSandbox, type Sandbox } from '../../sandbox/server';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, config: { avaya: { tenants: [{ ...DEFAULT_AVAYA_TENANT, autoReply: false }] } } });
});
afterAll(async () => {
	await closeAllPools();
	await sandbox.close();
});
beforeEach(() => {
	sandbox.reset();
	clearTokenCache();
});

type Params = Record<string, unknown>;

function context(items: Params[], { continueOnFail = false, credentials = {} as Params } = {}) {
	const ctx = mock<IExecuteFunctions>();
	ctx.getInputData.mockReturnValue(items.map((json) => ({ json: json as never })));
	ctx.continueOnFail.mockReturnValue(continueOnFail);
	ctx.getNode.mockReturnValue({ name: 'Avaya Infinity', type: 'avayaInfinity', typeVersion: 1, position: [0, 0], parameters: {} } as INode);
	ctx.getCredentials.mockResolvedValue({
		baseUrl: `${sandbox.url}/avaya`,
		clientId: DEFAULT_AVAYA_TENANT.clientId,
		clientSecret: DEFAULT_AVAYA_TENANT.clientSecret,
		connectorId: DEFAULT_AVAYA_TENANT.connectorId,
		accountId: DEFAULT_AVAYA_TENANT.accountId,
		webhookSecret: '',
		...credentials,
	});
	ctx.getNodeParameter.mockImplementation(((name: string, index: number, fallback?: unknown) => {
		const item = items[index] ?? {};
		if (name === 'resource') return 'message';
		if (name === 'operation') return 'send';
		return name in item ? item[name] : fallback;
	}) as never);
	return ctx;
}

const message = (text: string, extra: Params = {}): Params => ({
	from: '+14155550123',
	destination: '+912121212121',
	text,
	options: {},
	...extra,
});

async function run(ctx: IExecuteFunctions) {
	return new AvayaInfinity().execute.call(ctx);
}

test('sends one message per item with Avaya\'s answer as output, in order, on one token', async () => {
	const items = Array.from({ length: 25 }, (_, i) => message(`hello ${i}`, { options: { concurrency: 5 } }));
	const [out] = await run(context(items));
	expect(out.map((o) => (o.json.body as { text: string }).text)).toEqual(items.map((i) => i.text));
	expect(out.every((o) => typeof o.json.messageId === 'string' && typeof o.json.conversationSessionId === 'string')).toBe(true);
	expect(out[3].pairedItem).toEqual({ item: 3 });
	const accepted = sandbox.records.accepted({ vendor: 'avaya' });
	expect(accepted).toHaveLength(25);
	expect(accepted[0].request).toMatchObject({
		connectorId: DEFAULT_AVAYA_TENANT.connectorId,
		channel: 'text',
		headers: { from: '+14155550123', to: ['+912121212121'], destination: '+912121212121' },
	});
	expect(sandbox.records.tokens().avaya?.[DEFAULT_AVAYA_TENANT.clientId]?.issued).toBe(1);
});

test('numbers are normalised to E.164 and context parameters are passed', async () => {
	await run(
		context([
			message('hi', {
				from: '+1 (415) 555-0123',
				options: { to: '+912121212121', contextParameters: { parameter: [{ key: 'orderId', value: 'A-17' }] } },
			}),
		]),
	);
	const [accepted] = sandbox.records.accepted({ vendor: 'avaya' });
	expect(accepted.request).toMatchObject({ headers: { from: '+14155550123' }, contextParameters: { orderId: 'A-17' } });
});

test.each([
	['customMessaging', '/avaya/api/v1/custom-messaging/send-message'],
	['digitalMessaging', '/avaya/api/digital/messaging/v1/messages'],
	['accountMessages', `/avaya/api/digital/messaging/v1/accounts/${DEFAULT_AVAYA_TENANT.accountId}/messages`],
])('the %s send path is used', async (sendPath, path) => {
	await run(context([message('path test', { options: { sendPath } })]));
	expect(sandbox.records.accepted({ vendor: 'avaya' }).map((a) => a.path)).toEqual([path]);
});

test('an invalid number fails before anything is sent, naming the field', async () => {
	const error = await run(context([message('x', { from: '4155550123' })])).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect((error as Error).message).toContain('From (End-User Number)');
	expect(sandbox.records.requests({ vendor: 'avaya', kind: 'send' })).toHaveLength(0);
});

test('a text over 1024 characters fails before sending', async () => {
	const error = await run(context([message('x'.repeat(1025))])).catch((e: unknown) => e);
	expect((error as Error).message).toMatch(/"Text" is 1025 characters long; Avaya allows at most 1024/);
	expect(sandbox.records.requests({ vendor: 'avaya', kind: 'send' })).toHaveLength(0);
});

test('an unregistered destination is Avaya\'s 400 with its violation text', async () => {
	const error = await run(context([message('x', { destination: '+14155550199' })])).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	expect((error as NodeApiError).httpCode).toBe('400');
	expect((error as NodeApiError).message).toContain('Constraint Violation');
	expect((error as NodeApiError).description).toContain('headers.destination');
});

test('a connector the token was not issued for is Avaya\'s 403', async () => {
	const error = await run(context([message('x', { options: { connectorId: 'someone-elses-connector' } })])).catch((e: unknown) => e);
	expect((error as NodeApiError).httpCode).toBe('403');
	expect((error as NodeApiError).description).toContain('does not have permission');
});

test('a token that expires mid-run (401) is refetched once and the message goes through once', async () => {
	await run(context([message('first')]));
	const expired = sandbox.mounts.find((m) => m.name === 'avaya')?.expireTokens?.();
	expect(expired).toBe(1);
	const [out] = await run(context([message('second')]));
	expect(out[0].json.messageId).toBeDefined();
	expect(sandbox.records.accepted({ vendor: 'avaya' }).map((a) => (a.request as { body: { text: string } }).body.text)).toEqual(['first', 'second']);
	expect(sandbox.records.tokens().avaya?.[DEFAULT_AVAYA_TENANT.clientId]?.issued).toBe(2);
});

test('a 500 is not retried and carries Avaya\'s words', async () => {
	sandbox.faults.add({ vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 500 } });
	const error = await run(context([message('x')])).catch((e: unknown) => e);
	expect((error as NodeApiError).httpCode).toBe('500');
	expect((error as NodeApiError).message).toContain('Internal Server Error');
	expect(sandbox.records.requests({ vendor: 'avaya', kind: 'send' })).toHaveLength(1);
});

test('bad client credentials are reported with the token endpoint\'s words and without the secret', async () => {
	const error = await run(context([message('x')], { credentials: { clientSecret: 'wrong-secret-example' } })).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	expect((error as NodeApiError).message).toContain('invalid_client');
	expect(JSON.stringify(error) + String((error as Error).message) + String((error as NodeApiError).description)).not.toContain('wrong-secret-example');
});

test('with continueOnFail, a failing item is reported and the others are still sent', async () => {
	const [out] = await run(
		context([message('ok 1'), message('bad', { destination: '+14155550199' }), message('ok 2')], { continueOnFail: true }),
	);
	expect(out[0].json.messageId).toBeDefined();
	expect(out[1].json.error).toContain('HTTP 400');
	expect(out[1].json.httpCode).toBe('400');
	expect(out[2].json.messageId).toBeDefined();
	expect(sandbox.records.accepted({ vendor: 'avaya' })).toHaveLength(2);
});

test('the account-scoped path without an Account ID takes it from Avaya\'s token (organization[0])', async () => {
	const [out] = await run(context([message('x', { options: { sendPath: 'accountMessages' } })], { credentials: { accountId: '' } }));
	expect(out[0].json.messageId).toBeDefined();
	expect(sandbox.records.accepted({ vendor: 'avaya' }).map((a) => a.path)).toEqual([
		`/avaya/api/digital/messaging/v1/accounts/${DEFAULT_AVAYA_TENANT.accountId}/messages`,
	]);
});

test('without an Account ID anywhere, the account-scoped path is a clear input error and nothing is sent', async () => {
	sandbox.setConfig({ avaya: { tenants: [{ ...DEFAULT_AVAYA_TENANT, accountId: '', autoReply: false }] } });
	try {
		const error = await run(context([message('x', { options: { sendPath: 'accountMessages' } })], { credentials: { accountId: '' } })).catch((e: unknown) => e);
		expect((error as Error).message).toContain('Account ID');
		expect(sandbox.records.requests({ vendor: 'avaya', kind: 'send' })).toHaveLength(0);
	} finally {
		sandbox.setConfig({ avaya: { tenants: [{ ...DEFAULT_AVAYA_TENANT, autoReply: false }] } });
	}
});

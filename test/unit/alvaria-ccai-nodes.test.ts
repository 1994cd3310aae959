/**
 * The Alvaria and Google CCAI Platform nodes, executed for real (mocked n8n context, real transport,
 * token cache and pacing) against the sandbox: what reached the vendor, and what each documented
 * answer becomes.
 */
import { mock } from 'jest-mock-extended';
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { Alvaria } from '../../nodes/Alvaria/Alvaria.node';
import { alvariaApiTest } from '../../nodes/Alvaria/methods/credentialTest';
import { CcaiPlatform } from '../../nodes/CcaiPlatform/CcaiPlatform.node';
import { ERROR_TEXTS } from '../../nodes/CcaiPlatform/contract';
import { ccaiPlatformApiTest } from '../../nodes/CcaiPlatform/methods/credentialTest';
import { clearCredentialCache } from '../../nodes/shared/credentialCache';
import { clearRateLimits } from '../../nodes/shared/rateLimit';
import { clearTokenCache } from '../../nodes/shared/tokenCache';
import { closeAllPools } from '../../nodes/shared/transport';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_ALVARIA_ORG } from '../../sandbox/vendors/alvariaConfig';
import { DEFAULT_CCAI_TENANT } from '../../sandbox/vendors/ccaiConfig';

const org = DEFAULT_ALVARIA_ORG;
const tenant = DEFAULT_CCAI_TENANT;
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
	clearTokenCache();
	clearCredentialCache();
	clearRateLimits();
});

type Params = Record<string, unknown>;

function context(node: string, resource: string, operation: string, items: Params[], credentials: Params, continueOnFail = false) {
	const ctx = mock<IExecuteFunctions>();
	ctx.getInputData.mockReturnValue(items.map((json) => ({ json: json as never })));
	ctx.continueOnFail.mockReturnValue(continueOnFail);
	ctx.getNode.mockReturnValue({ name: node, type: node, typeVersion: 1, position: [0, 0], parameters: {} } as INode);
	ctx.getCredentials.mockResolvedValue(credentials);
	ctx.getNodeParameter.mockImplementation(((name: string, index: number, fallback?: unknown) => {
		if (name === 'resource') return resource;
		if (name === 'operation') return operation;
		const item = items[index] ?? {};
		return name in item ? item[name] : fallback;
	}) as never);
	return ctx;
}

describe('Alvaria', () => {
	const credentials = (overrides: Params = {}): Params => ({
		authHost: 'custom',
		customAuthUrl: `${sandbox.url}/alvaria`,
		apiDomain: 'custom',
		customApiUrl: `${sandbox.url}/alvaria`,
		orgId: org.orgId,
		clientId: org.clientId,
		clientSecret: org.clientSecret,
		apiKey: org.apiKey,
		scope: 'messagingapi',
		...overrides,
	});
	const target = (extra: Params = {}): Params => ({
		userId: org.userIds[0],
		interactionId: org.seedInteractionIds[0],
		sessionId: org.seedSessionId,
		entityName: 'contactCenterAgent',
		entityType: 'Agent',
		...extra,
	});
	const run = (operation: string, items: Params[], creds: Params = {}, continueOnFail = false) =>
		new Alvaria().execute.call(context('alvaria', 'interaction', operation, items, credentials(creds), continueOnFail));
	const sent = () => sandbox.records.accepted({ vendor: 'alvaria' });

	it('Send Text, Send URL and typing reach Alvaria in item order; 202 with no body becomes what was sent', async () => {
		const [text] = await run('sendText', [target({ text: 'first' }), target({ text: 'second' })]);
		const [url] = await run('sendUrl', [target({ url: 'https://example.com/order/17' })]);
		const [typing] = await run('typing', [target({ expiresAfterSeconds: 9 })]);
		expect(text.map((o) => o.json)).toEqual([
			expect.objectContaining({ operation: 'sendText', interactionId: '4321', text: 'first', status: 202, accepted: true }),
			expect.objectContaining({ operation: 'sendText', text: 'second' }),
		]);
		expect(url[0].json).toMatchObject({ operation: 'sendUrl', url: 'https://example.com/order/17' });
		expect(typing[0].json).toMatchObject({ operation: 'notification', state: 'composing', expiresAfterSeconds: 9 });
		expect(sent().map((r) => (r.request as { text?: string; url?: string; state?: string }).text ?? (r.request as { url?: string }).url ?? (r.request as { state?: string }).state)).toEqual([
			'first',
			'second',
			'https://example.com/order/17',
			'composing',
		]);
		expect(sandbox.records.tokens().alvaria?.[org.clientId]?.issued).toBe(1);
		const [request] = sandbox.records.requests({ vendor: 'alvaria', kind: 'send' });
		expect(request.headers['via-client-sessionid']).toBe(org.seedSessionId);
	});

	it('a closed interaction is a 410 that says so; an unknown one a 404', async () => {
		await new Promise((r) => setTimeout(r, 0));
		const gone = await run('sendText', [target({ interactionId: 'no-such-interaction', text: 'x' })]).catch((e: unknown) => e);
		expect((gone as NodeApiError).httpCode).toBe('404');
		expect((gone as NodeApiError).message).toContain('does not exist');
		const closedId = 'closing-1';
		await fetch(`${sandbox.url}/_admin/alvaria/interactions`, { method: 'POST', body: JSON.stringify({ interactionId: closedId }) });
		await fetch(`${sandbox.url}/_admin/alvaria/interactions/close`, { method: 'POST', body: JSON.stringify({ interactionId: closedId }) });
		const closed = await run('sendText', [target({ interactionId: closedId, text: 'x' })]).catch((e: unknown) => e);
		expect((closed as NodeApiError).httpCode).toBe('410');
		expect((closed as NodeApiError).message).toContain('has ended or the streaming session');
	});

	it('an expired token is refetched once (401 → one new token) and the message goes out once', async () => {
		await run('sendText', [target({ text: 'before' })]);
		expect(sandbox.mounts.find((m) => m.name === 'alvaria')?.expireTokens?.()).toBe(1);
		await run('sendText', [target({ text: 'after' })]);
		expect(sent().map((r) => (r.request as { text: string }).text)).toEqual(['before', 'after']);
		expect(sandbox.records.tokens().alvaria?.[org.clientId]?.issued).toBe(2);
	});

	it('bad input fails before anything is sent; one bad item among good ones fails only itself with continueOnFail', async () => {
		const error = await run('typing', [target(), target({ expiresAfterSeconds: 31 })]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('"Expires After (Seconds)" must be a whole number from 1 to 30');
		expect((error as NodeOperationError).description).toContain('item 2');
		expect(sent()).toHaveLength(0);
		const [out] = await run('sendUrl', [target({ url: 'https://a.example' }), target({ url: 'not a url' }), target({ url: 'https://b.example' })], {}, true);
		expect(out[1].json.error).toContain('"URL" is not a URL');
		expect(sent()).toHaveLength(2);
	});

	it('a wrong x-api-key is Alvaria\'s empty 401, reported without the key', async () => {
		const error = await run('sendText', [target({ text: 'x' })], { apiKey: 'wrong-api-key-example' }).catch((e: unknown) => e);
		expect((error as NodeApiError).httpCode).toBe('401');
		expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('wrong-api-key-example');
	});

	it('the credential test proves the token and the x-api-key without sending anything', async () => {
		const test = (data: Params) => alvariaApiTest.call(mock(), { id: '1', name: 'a', type: 'alvariaApi', data } as never);
		expect(await test(credentials())).toMatchObject({ status: 'OK' });
		expect(await test(credentials({ apiKey: 'wrong-api-key-example' }))).toMatchObject({ status: 'Error' });
		expect(await test(credentials({ clientSecret: 'wrong-secret-example' }))).toMatchObject({ status: 'Error', message: expect.stringContaining('invalid_client') });
		expect(sent()).toHaveLength(0);
	});
});

describe('Google CCAI Platform', () => {
	const credentials = (overrides: Params = {}): Params => ({
		subdomain: tenant.subdomain,
		domain: '',
		baseUrl: `${sandbox.url}/ccai`,
		apiToken: tenant.apiToken,
		requestsPerSecond: 10,
		...overrides,
	});
	const sms = (extra: Params = {}): Params => ({
		chatType: 'Messaging (SMS)',
		endUserNumber: '+1 415-555-0100',
		outboundNumber: tenant.outboundNumbers[0],
		message: 'Hello from the campaign',
		options: {},
		...extra,
	});
	const run = (items: Params[], creds: Params = {}, continueOnFail = false) =>
		new CcaiPlatform().execute.call(context('ccaiPlatform', 'sms', 'send', items, credentials(creds), continueOnFail));

	it('sends an outbound SMS with Basic auth and E.164 numbers; the output is the chat object', async () => {
		const [out] = await run([sms({ options: { agentId: 1, ticketId: 'T-7' } })]);
		expect(out[0].json).toMatchObject({ status: 'assigned', outbound_number: '+16285550199', agent_info: { id: 1 } });
		const [record] = sandbox.records.accepted({ vendor: 'ccai' });
		expect(record.request).toMatchObject({ chat_type: 'Messaging (SMS)', end_user_number: '+14155550100', ticket_id: 'T-7', agentId: 1 });
	});

	it.each([
		['an unconfigured outbound number', { outboundNumber: '+16285550111' }, ERROR_TEXTS.outboundNumberNotFound, 'Outbound Number'],
		['a non-US end user', { endUserNumber: '+44 20 7946 0018' }, ERROR_TEXTS.nonUsNumber, undefined],
	])('%s: CCAI\'s 400 text reaches the user verbatim', async (_name, extra, text, field) => {
		const error = await run([sms(extra)]).catch((e: unknown) => e);
		expect((error as NodeApiError).httpCode).toBe('400');
		expect((error as NodeApiError).message).toContain(text);
		if (field) expect((error as NodeApiError).message).toContain(`check "${field}"`);
	});

	it('a customer already in an active SMS session gets the documented 400; ending the session lets the next send through', async () => {
		await run([sms({ endUserNumber: '+14155550123' })]);
		const second = await run([sms({ endUserNumber: '+14155550123' })]).catch((e: unknown) => e);
		expect((second as NodeApiError).message).toContain(ERROR_TEXTS.activeSession);
		await fetch(`${sandbox.url}/_admin/ccai/sessions/end`, { method: 'POST', body: JSON.stringify({ end_user_number: '+14155550123' }) });
		const [third] = await run([sms({ endUserNumber: '+14155550123' })]);
		expect(third[0].json.id).toBeDefined();
	});

	it('30 items at a 10 requests/s limit: paced, so the strict sandbox answers no 429', async () => {
		const items = Array.from({ length: 30 }, (_, i) => sms({ endUserNumber: `+1415555${String(2000 + i)}` }));
		const started = Date.now();
		const [out] = await run(items);
		expect(out.every((o) => typeof o.json.id === 'number')).toBe(true);
		expect(sandbox.records.requests({ vendor: 'ccai' }).filter((r) => r.status === 429)).toHaveLength(0);
		// Three bursts of at most 10, a second (plus slack) apart.
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
	});

	it('bad input (an invalid number in item 2) fails before anything is sent', async () => {
		const error = await run([sms(), sms({ endUserNumber: '12345' })]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('End-User Number');
		expect(sandbox.records.requests({ vendor: 'ccai' })).toHaveLength(0);
	});

	it('the credential test proves the token with the documented chat_type 400, and reports a wrong token as 401', async () => {
		const test = (data: Params) => ccaiPlatformApiTest.call(mock(), { id: '1', name: 'c', type: 'ccaiPlatformApi', data } as never);
		expect(await test(credentials())).toMatchObject({ status: 'OK' });
		const wrong = await test(credentials({ apiToken: 'wrong-token-example' }));
		expect(wrong).toMatchObject({ status: 'Error', message: expect.stringContaining('401') });
		expect(wrong.message).not.toContain('wrong-token-example');
	});
});

/**
 * The credential cache: kept for its lifetime per credential id, off with 0, and never stale where
 * it matters: a signature that fails against a cached secret is checked against freshly read
 * credentials before a 401, and a vendor's 401 on cached client credentials reads them fresh once.
 */
import { randomUUID } from 'node:crypto';
import { mock } from 'jest-mock-extended';
import type { ICredentialDataDecryptedObject, IExecuteFunctions, INode, IWebhookFunctions, Workflow } from 'n8n-workflow';

import { AvayaInfinity } from '../../nodes/AvayaInfinity/AvayaInfinity.node';
import { AvayaInfinityTrigger } from '../../nodes/AvayaInfinity/AvayaInfinityTrigger.node';
import { SIGNATURE } from '../../nodes/AvayaInfinity/contract';
import { CREDENTIAL_CACHE_ENV, clearCredentialCache, readCredentials } from '../../nodes/shared/credentialCache';
import { sign } from '../../nodes/shared/signature';
import { clearTokenCache } from '../../nodes/shared/tokenCache';
import { closeAllPools } from '../../nodes/shared/transport';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { buildMessagesEvent, messageRoute } from '../../sandbox/vendors/avayaEvents';
import { FakeResponse } from './support/n8nContexts';

const node = (credentialId = 'cred-1'): INode =>
	({ id: randomUUID(), name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { avayaInfinityApi: { id: credentialId, name: 'c' } } }) as INode;

afterEach(() => {
	delete process.env[CREDENTIAL_CACHE_ENV];
	clearCredentialCache();
});

describe('readCredentials', () => {
	it('reads n8n once per credential within the lifetime, and again after it', async () => {
		process.env[CREDENTIAL_CACHE_ENV] = '0.2';
		const getCredentials = jest.fn(async () => ({ secret: 'a' }) as ICredentialDataDecryptedObject);
		const source = { getNode: () => node(), getCredentials };
		const reads = await Promise.all([1, 2, 3].map(async () => readCredentials(source, 'avayaInfinityApi')));
		for (let i = 0; i < 5; i++) await readCredentials(source, 'avayaInfinityApi');
		expect(getCredentials.mock.calls.length).toBeLessThanOrEqual(3);
		const before = getCredentials.mock.calls.length;
		expect(reads.some((r) => r.cached) || before === 3).toBe(true);
		expect((await readCredentials(source, 'avayaInfinityApi')).cached).toBe(true);
		await new Promise((r) => setTimeout(r, 250));
		const after = await readCredentials(source, 'avayaInfinityApi');
		expect(after.cached).toBe(false);
		expect(getCredentials.mock.calls.length).toBe(before + 1);
	});

	it('keeps credentials apart by id, and 0 turns the cache off', async () => {
		const a = { getNode: () => node('a'), getCredentials: jest.fn(async () => ({ v: 'a' })) };
		const b = { getNode: () => node('b'), getCredentials: jest.fn(async () => ({ v: 'b' })) };
		expect((await readCredentials(a, 'avayaInfinityApi')).data.v).toBe('a');
		expect((await readCredentials(b, 'avayaInfinityApi')).data.v).toBe('b');
		expect((await readCredentials(a, 'avayaInfinityApi')).cached).toBe(true);
		clearCredentialCache();
		process.env[CREDENTIAL_CACHE_ENV] = '0';
		await readCredentials(a, 'avayaInfinityApi');
		expect((await readCredentials(a, 'avayaInfinityApi')).cached).toBe(false);
		expect(a.getCredentials).toHaveBeenCalledTimes(3);
	});
});

describe('a rotated webhook secret', () => {
	const event = () => buildMessagesEvent(DEFAULT_AVAYA_TENANT, { senderType: 'agent', text: 'hi', ...messageRoute('agent', '+14155550123', DEFAULT_AVAYA_TENANT.registeredNumbers[0]) });

	async function deliver(stored: { webhookSecret: string }, signWith: string, calls: { count: number }, credentialNode: INode) {
		const raw = Buffer.from(JSON.stringify(event()));
		const ctx = mock<IWebhookFunctions>();
		const res = new FakeResponse();
		ctx.getRequestObject.mockReturnValue({ headers: { [SIGNATURE.header]: sign(SIGNATURE, signWith, raw) }, rawBody: raw, body: {} } as never);
		ctx.getResponseObject.mockReturnValue(res as never);
		ctx.getCredentials.mockImplementation(async () => {
			calls.count++;
			return { baseUrl: 'http://x', clientId: 'c', clientSecret: 's', connectorId: 'k', webhookSecret: stored.webhookSecret };
		});
		ctx.getNodeParameter.mockImplementation(((name: string) => (name === 'senderTypes' ? ['agent'] : {})) as never);
		ctx.getWorkflow.mockReturnValue({ id: 'wf' } as Workflow);
		ctx.getNode.mockReturnValue(credentialNode);
		const result = await new AvayaInfinityTrigger().webhook.call(ctx);
		return { result, res };
	}

	it('is checked against freshly read credentials before any 401, so no event is lost', async () => {
		const stored = { webhookSecret: 'old-secret-example' };
		const calls = { count: 0 };
		const credentialNode = node('rotating');
		expect((await deliver(stored, 'old-secret-example', calls, credentialNode)).result.workflowData).toBeDefined();
		expect((await deliver(stored, 'old-secret-example', calls, credentialNode)).result.workflowData).toBeDefined();
		expect(calls.count).toBe(1); // the second event used the cache
		stored.webhookSecret = 'new-secret-example';
		const rotated = await deliver(stored, 'new-secret-example', calls, credentialNode);
		expect(rotated.result.workflowData).toBeDefined();
		expect(calls.count).toBe(2); // one fresh read, on the mismatch
	});

	it('without a secret (signing optional at Avaya), unsigned events use the cache: no read per event', async () => {
		const stored = { webhookSecret: '' };
		const calls = { count: 0 };
		const credentialNode = node('unsigned');
		for (let i = 0; i < 3; i++) expect((await deliver(stored, 'any', calls, credentialNode)).result.workflowData).toBeDefined();
		expect(calls.count).toBe(1);
	});

	it('a forged signature still gets 401, after one fresh read', async () => {
		const stored = { webhookSecret: 'current-secret-example' };
		const calls = { count: 0 };
		const credentialNode = node('forged');
		await deliver(stored, 'current-secret-example', calls, credentialNode);
		const forged = await deliver(stored, 'guessed-secret', calls, credentialNode);
		expect(forged.res.statusCode).toBe(401);
		expect(forged.result.workflowData).toBeUndefined();
		expect(calls.count).toBe(2);
	});
});

describe('a vendor 401 on cached client credentials', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, config: { avaya: { tenants: [{ ...DEFAULT_AVAYA_TENANT, autoReply: false }] } } });
	});
	afterAll(async () => {
		await closeAllPools();
		await sandbox.close();
	});

	it('reads the credential fresh once and sends the item with the new secret, exactly once', async () => {
		clearTokenCache();
		const stored = { clientSecret: 'outdated-secret-example' };
		const credentialNode = node('client-rotation');
		let reads = 0;
		const context = () => {
			const ctx = mock<IExecuteFunctions>();
			ctx.getInputData.mockReturnValue([{ json: {} }]);
			ctx.continueOnFail.mockReturnValue(false);
			ctx.getNode.mockReturnValue(credentialNode);
			ctx.getCredentials.mockImplementation(async () => {
				reads++;
				return { baseUrl: `${sandbox.url}/avaya`, clientId: DEFAULT_AVAYA_TENANT.clientId, clientSecret: stored.clientSecret, connectorId: DEFAULT_AVAYA_TENANT.connectorId };
			});
			ctx.getNodeParameter.mockImplementation(((name: string, _i: number, fallback?: unknown) => {
				const values: Record<string, unknown> = { resource: 'message', operation: 'send', from: '+14155550123', destination: DEFAULT_AVAYA_TENANT.registeredNumbers[0], text: 'rotated', options: {} };
				return name in values ? values[name] : fallback;
			}) as never);
			return ctx;
		};
		// An execution with the outdated secret fails and leaves it in the cache.
		await expect(new AvayaInfinity().execute.call(context())).rejects.toThrow(/invalid_client/);
		expect(reads).toBe(1);
		// The secret is corrected in n8n; the next execution gets the cached (old) one first.
		stored.clientSecret = DEFAULT_AVAYA_TENANT.clientSecret;
		const [out] = await new AvayaInfinity().execute.call(context());
		expect(out[0].json.messageId).toBeDefined();
		expect(reads).toBe(2);
		expect(sandbox.records.accepted({ vendor: 'avaya' })).toHaveLength(1);
	});
});

/**
 * The replay memory in Redis (queue mode), against a real redis-server started for this file: two
 * webhook processes never both run an event, a failed hand-over lets the redelivery through, a
 * pending claim of a process that died expires, and an unreachable Redis makes the trigger answer
 * 503 (the vendor retries) without starting a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { mock } from 'jest-mock-extended';
import type { INode, IWebhookFunctions, Logger, Workflow } from 'n8n-workflow';

import { AvayaInfinityTrigger } from '../../nodes/AvayaInfinity/AvayaInfinityTrigger.node';
import { SIGNATURE } from '../../nodes/AvayaInfinity/contract';
import { RedisReplayMemory, connectRedis, whenReady } from '../../nodes/shared/redisReplayMemory';
import { REPLAY_REDIS_URL_ENV, closeReplayRedis, redisReplaySettings } from '../../nodes/shared/replayGuard';
import { sign } from '../../nodes/shared/signature';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { buildMessagesEvent, messageRoute } from '../../sandbox/vendors/avayaEvents';
import { FakeResponse } from './support/n8nContexts';

let port: number;
let server: ChildProcess | undefined;

async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
	const { port: free } = probe.address() as { port: number };
	await new Promise((r) => probe.close(r));
	return free;
}

async function startRedis(): Promise<void> {
	server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	for (let i = 0; i < 100; i++) {
		const client = connectRedis({ port, host: '127.0.0.1' });
		const ok = await whenReady(client, 200).then(() => client.ping()).then(() => true, () => false);
		client.disconnect();
		if (ok) return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error('redis-server did not start (is Debian\'s redis-server installed?)');
}

async function stopRedis(): Promise<void> {
	const running = server;
	server = undefined;
	if (!running || running.exitCode !== null) return;
	await new Promise((r) => {
		running.once('exit', r);
		running.kill('SIGKILL');
	});
}

beforeAll(async () => {
	port = await freePort();
	await startRedis();
});
afterAll(async () => {
	await closeReplayRedis();
	await stopRedis();
});

function response(statusCode: number) {
	return Object.assign(new EventEmitter(), { statusCode, writableFinished: false }) as unknown as ServerResponse & EventEmitter;
}

describe('RedisReplayMemory', () => {
	const scope = () => `wf:${randomUUID()}`;

	it('two webhook processes: one runs the event, the other answers busy, then duplicate once accepted', async () => {
		const [a, b] = [connectRedis({ host: '127.0.0.1', port }), connectRedis({ host: '127.0.0.1', port })];
		const s = scope();
		const first = new RedisReplayMemory(a, s);
		const second = new RedisReplayMemory(b, s);
		const answer = response(200);
		const [one, two] = await Promise.all([first.claim(['e1'], answer), second.claim(['e1'], response(200))]);
		const results = [one, two];
		expect(results.filter((r) => !r.busy && r.fresh.length === 1)).toHaveLength(1);
		expect(results.filter((r) => r.busy)).toHaveLength(1);
		answer.emit('finish');
		// Settling is asynchronous (one Redis round trip): wait for it, then the redelivery is a duplicate.
		let again = await second.claim(['e1'], response(200));
		for (let i = 0; again.busy && i < 40; i++) {
			await new Promise((r) => setTimeout(r, 50));
			again = await second.claim(['e1'], response(200));
		}
		expect(again).toEqual({ busy: false, fresh: [] });
		a.disconnect();
		b.disconnect();
	});

	it('a failed hand-over (5xx) forgets the id so the redelivery runs; a busy claim keeps nothing of its own', async () => {
		const client = connectRedis({ host: '127.0.0.1', port });
		const memory = new RedisReplayMemory(client, scope());
		const failed = response(500);
		expect(await memory.claim(['x', 'y'], failed)).toEqual({ busy: false, fresh: ['x', 'y'] });
		expect(await memory.claim(['z', 'x'], response(200))).toEqual({ busy: true });
		failed.emit('finish');
		let retry = await memory.claim(['x', 'z'], response(200));
		for (let i = 0; retry.busy && i < 40; i++) {
			await new Promise((r) => setTimeout(r, 50));
			retry = await memory.claim(['x', 'z'], response(200));
		}
		expect(retry).toEqual({ busy: false, fresh: ['x', 'z'] });
		client.disconnect();
	});

	it('a pending claim of a process that died expires, so the vendor\'s retry is processed', async () => {
		const client = connectRedis({ host: '127.0.0.1', port });
		const s = scope();
		await new RedisReplayMemory(client, s, { pendingTtlMs: 150 }).claim(['p'], response(200));
		expect(await new RedisReplayMemory(client, s).claim(['p'], response(200))).toEqual({ busy: true });
		await new Promise((r) => setTimeout(r, 250));
		expect(await new RedisReplayMemory(client, s).claim(['p'], response(200))).toEqual({ busy: false, fresh: ['p'] });
		client.disconnect();
	});
});

describe('settings', () => {
	it('queue mode uses n8n\'s own Redis settings; an explicit URL wins; "process" keeps it in memory', () => {
		expect(redisReplaySettings({})).toBeUndefined();
		expect(redisReplaySettings({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'redis', QUEUE_BULL_REDIS_PORT: '6380', QUEUE_BULL_REDIS_DB: '2' })).toMatchObject({ host: 'redis', port: 6380, db: 2 });
		expect(redisReplaySettings({ EXECUTIONS_MODE: 'queue', [REPLAY_REDIS_URL_ENV]: 'redis://r:1' })).toEqual({ url: 'redis://r:1' });
		expect(redisReplaySettings({ EXECUTIONS_MODE: 'queue', CONTACT_CENTER_SMS_REPLAY_MEMORY: 'process' })).toBeUndefined();
	});
});

describe('the trigger with the Redis replay memory', () => {
	const secret = 'redis-trigger-secret-example';
	async function deliver(raw: Buffer, nodeId: string) {
		const ctx = mock<IWebhookFunctions>();
		const res = new FakeResponse();
		ctx.getRequestObject.mockReturnValue({ headers: { [SIGNATURE.header]: sign(SIGNATURE, secret, raw) }, rawBody: raw, body: {} } as never);
		ctx.getResponseObject.mockReturnValue(res as never);
		ctx.getCredentials.mockResolvedValue({ baseUrl: 'http://x', clientId: 'c', clientSecret: 's', connectorId: 'k', webhookSecret: secret });
		ctx.getNodeParameter.mockImplementation(((name: string) => (name === 'senderTypes' ? ['agent'] : {})) as never);
		ctx.getWorkflow.mockReturnValue({ id: 'wf-redis' } as Workflow);
		ctx.getNode.mockReturnValue({ id: nodeId } as INode);
		Object.defineProperty(ctx, 'logger', { value: mock<Logger>() });
		return { result: await new AvayaInfinityTrigger().webhook.call(ctx), res };
	}
	const event = () =>
		Buffer.from(JSON.stringify(buildMessagesEvent(DEFAULT_AVAYA_TENANT, { senderType: 'agent', text: 'hi', ...messageRoute('agent', '+14155550123', DEFAULT_AVAYA_TENANT.registeredNumbers[0]) })));

	afterEach(() => {
		delete process.env[REPLAY_REDIS_URL_ENV];
	});

	it('runs an event once across deliveries, and answers 503 without a run while Redis is down', async () => {
		process.env[REPLAY_REDIS_URL_ENV] = `redis://127.0.0.1:${port}`;
		const nodeId = randomUUID();
		const raw = event();
		const first = await deliver(raw, nodeId);
		expect(first.result.workflowData).toBeDefined();
		first.res.finish(200);
		await new Promise((r) => setTimeout(r, 50));
		const again = await deliver(raw, nodeId);
		expect(again.result.workflowData).toBeUndefined();
		expect(again.result.webhookResponse).toMatchObject({ status: 'duplicate' });

		await stopRedis();
		const down = await deliver(event(), nodeId);
		expect(down.res.statusCode).toBe(503);
		expect(down.res.headers['retry-after']).toBeDefined();
		expect(down.result.workflowData).toBeUndefined();
		await startRedis();
		await closeReplayRedis();
		const back = await deliver(event(), nodeId);
		expect(back.result.workflowData).toBeDefined();
	});
});

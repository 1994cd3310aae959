/**
 * The replay memory in Redis (queue mode), against a real redis-server started for this file: two
 * webhook processes never both run an event, a failed hand-over lets the redelivery through, a
 * process that died leaves no event lost or run twice (its pending claims are taken over, its
 * handed ones are accepted in queue mode and taken over outside it), a live process's claims stay
 * its own, and an unreachable Redis makes the trigger answer 503 (the vendor retries) without
 * starting a run.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { connect as connectTcp, createServer, type Server, type Socket } from 'node:net';
import { mock } from 'jest-mock-extended';
import type { INode, IWebhookFunctions, Logger, Workflow } from 'n8n-workflow';

import { AvayaInfinityTrigger } from '../../nodes/AvayaInfinity/AvayaInfinityTrigger.node';
import { SIGNATURE } from '../../nodes/AvayaInfinity/contract';
import { RedisReplayMemory, connectRedis, whenReady, type RedisReplayOptions } from '../../nodes/shared/redisReplayMemory';
import { REPLAY_REDIS_URL_ENV, closeReplayRedis, redisReplaySettings, type ClaimResult, type FreshClaim } from '../../nodes/shared/replayGuard';
import { sign } from '../../nodes/shared/signature';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { buildMessagesEvent, messageRoute } from '../../sandbox/vendors/avayaEvents';
import { freePort } from '../harness/ports';
import { startRedis, type RedisServer } from '../harness/redisServer';
import { FakeResponse } from './support/n8nContexts';

let port: number;
let redis: RedisServer | undefined;

beforeAll(async () => {
	redis = await startRedis();
	port = redis.port;
});
afterAll(async () => {
	await closeReplayRedis();
	await redis?.close();
});

function response(statusCode: number) {
	return Object.assign(new EventEmitter(), { statusCode, writableFinished: false }) as unknown as ServerResponse & EventEmitter;
}

const PREFIX = 'n8n-nodes-contact-center-sms:replay';
const connect = () => connectRedis({ host: '127.0.0.1', port });

function freshClaim(result: ClaimResult): FreshClaim {
	if (result.busy) throw new Error('expected a fresh claim, got busy');
	return result;
}

/** Polls `read` (every 50 ms, at most `ms`) until `done` holds for its value, which it returns. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 2000): Promise<T> {
	let value = await read();
	for (let i = 0; !done(value) && i < ms / 50; i++) {
		await new Promise((r) => setTimeout(r, 50));
		value = await read();
	}
	return value;
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
		expect(again).toMatchObject({ busy: false, fresh: [] });
		a.disconnect();
		b.disconnect();
	});

	it('a failed hand-over (5xx) forgets the id so the redelivery runs; a busy claim keeps nothing of its own', async () => {
		const client = connectRedis({ host: '127.0.0.1', port });
		const memory = new RedisReplayMemory(client, scope());
		const failed = response(500);
		expect(await memory.claim(['x', 'y'], failed)).toMatchObject({ busy: false, fresh: ['x', 'y'] });
		expect(await memory.claim(['z', 'x'], response(200))).toEqual({ busy: true });
		failed.emit('finish');
		let retry = await memory.claim(['x', 'z'], response(200));
		for (let i = 0; retry.busy && i < 40; i++) {
			await new Promise((r) => setTimeout(r, 50));
			retry = await memory.claim(['x', 'z'], response(200));
		}
		expect(retry).toMatchObject({ busy: false, fresh: ['x', 'z'] });
		client.disconnect();
	});

	it('the backstop: a pending claim past its expiry is claimed again, even while its owner lives', async () => {
		const client = connect();
		const s = scope();
		await new RedisReplayMemory(client, s, { pendingTtlMs: 150 }).claim(['p'], response(200));
		expect(await new RedisReplayMemory(client, s).claim(['p'], response(200))).toEqual({ busy: true });
		await new Promise((r) => setTimeout(r, 250));
		expect(await new RedisReplayMemory(client, s).claim(['p'], response(200))).toMatchObject({ busy: false, fresh: ['p'] });
		client.disconnect();
	});
});

describe('RedisReplayMemory: owners', () => {
	const scope = () => `wf:${randomUUID()}`;
	let raw: ReturnType<typeof connectRedis>;
	const opened: Array<ReturnType<typeof connectRedis>> = [];
	// Another webhook process, alive all along: without it, the heartbeats would pause between the
	// tests and resume with each one, and a missing liveness key would prove nothing (the grace).
	let bystander: ReturnType<typeof connectRedis>;
	beforeAll(async () => {
		raw = connect();
		bystander = connect();
		await Promise.all([whenReady(raw), whenReady(bystander)]);
		new RedisReplayMemory(bystander, 'bystander', { ownerId: `bystander-${randomUUID()}`, ownerTtlMs: 300 });
	});
	afterAll(() => {
		raw.disconnect();
		bystander.disconnect();
	});
	afterEach(() => {
		for (const client of opened.splice(0)) client.disconnect();
	});

	/** A webhook process: its own connection and owner id. */
	function webhookProcess(ownerId: string, s: string, options: RedisReplayOptions = {}) {
		const client = connect();
		opened.push(client);
		return { client, memory: new RedisReplayMemory(client, s, { ownerId, ownerTtlMs: 300, ...options }) };
	}

	/**
	 * Kills a process as SIGKILL would: its connection drops, its heartbeat stops, its liveness key
	 * expires; and the heartbeats have run for two TTLs (600 ms) without a gap, so it counts as dead.
	 */
	async function kill(dead: ReturnType<typeof webhookProcess>) {
		dead.client.disconnect();
		const alive = await eventually(() => raw.exists(`${PREFIX}:owner:${dead.memory.ownerId}`), (n) => n === 0);
		expect(alive).toBe(0);
		const sinceResumed = async () => {
			const [seconds, micros] = await raw.time();
			return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - Number(await raw.get(`${PREFIX}:owners:resumed-at`));
		};
		expect(await eventually(sinceResumed, (ms) => ms >= 600)).toBeGreaterThanOrEqual(600);
	}

	const claimValue = (s: string, id: string) => raw.get(`${PREFIX}:${s}:${id}`);

	it('two memories with different owner ids on one Redis: each keeps its liveness key, and a claim names its owner', async () => {
		const s = scope();
		const a = webhookProcess(`a-${randomUUID()}`, s);
		const b = webhookProcess(`b-${randomUUID()}`, s);
		const claim = freshClaim(await a.memory.claim(['e'], response(200)));
		expect(await claimValue(s, 'e')).toBe(`pending:${a.memory.ownerId}:${claim.token}`);
		await whenReady(b.client);
		await eventually(() => raw.exists(`${PREFIX}:owner:${b.memory.ownerId}`), (n) => n === 1);
		expect(await raw.pttl(`${PREFIX}:owner:${a.memory.ownerId}`)).toBeLessThanOrEqual(300);
		expect(await raw.exists(`${PREFIX}:owner:${a.memory.ownerId}`, `${PREFIX}:owner:${b.memory.ownerId}`)).toBe(2);
	});

	it('a live owner\'s pending or handed claim is busy for another process, also well past the liveness TTL (the heartbeat keeps it)', async () => {
		const s = scope();
		const a = webhookProcess(`a-${randomUUID()}`, s);
		const b = webhookProcess(`b-${randomUUID()}`, s, { durableHandOver: true });
		const handed = freshClaim(await a.memory.claim(['h'], response(200)));
		expect(await a.memory.markHanded(handed)).toBe(true);
		freshClaim(await a.memory.claim(['p'], response(200)));
		await new Promise((r) => setTimeout(r, 1000));
		expect(await b.memory.claim(['h'], response(200))).toEqual({ busy: true });
		expect(await b.memory.claim(['p'], response(200))).toEqual({ busy: true });
		expect(await claimValue(s, 'h')).toBe(`handed:${a.memory.ownerId}:${handed.token}`);
	});

	it('a dead owner\'s pending claim is taken over: the other process gets it fresh and runs it', async () => {
		const s = scope();
		const dead = webhookProcess(`dead-${randomUUID()}`, s);
		freshClaim(await dead.memory.claim(['p'], response(200)));
		await kill(dead);
		const b = webhookProcess(`b-${randomUUID()}`, s, { durableHandOver: true });
		const taken = freshClaim(await b.memory.claim(['p'], response(200)));
		expect(taken.fresh).toEqual(['p']);
		expect(await claimValue(s, 'p')).toBe(`pending:${b.memory.ownerId}:${taken.token}`);
	});

	it('queue mode: a dead owner\'s handed claim becomes accepted, and the redelivery is a replay without a run', async () => {
		const s = scope();
		const dead = webhookProcess(`dead-${randomUUID()}`, s);
		expect(await dead.memory.markHanded(freshClaim(await dead.memory.claim(['h', 'h2'], response(200))))).toBe(true);
		await kill(dead);
		const b = webhookProcess(`b-${randomUUID()}`, s, { durableHandOver: true, acceptedTtlMs: 3600_000 });
		expect(await b.memory.claim(['h'], response(200))).toMatchObject({ busy: false, fresh: [] });
		expect(await claimValue(s, 'h')).toBe('accepted');
		expect(await raw.pttl(`${PREFIX}:${s}:h`)).toBeGreaterThan(15 * 60_000);
		// A delivery of both ids with one new: the new one runs, the handed one does not.
		expect(await b.memory.claim(['h2', 'n'], response(200))).toMatchObject({ busy: false, fresh: ['n'] });
	});

	it('outside queue mode: a dead owner\'s handed claim is taken over, so the event runs again', async () => {
		const s = scope();
		const dead = webhookProcess(`dead-${randomUUID()}`, s);
		expect(await dead.memory.markHanded(freshClaim(await dead.memory.claim(['h'], response(200))))).toBe(true);
		await kill(dead);
		const b = webhookProcess(`b-${randomUUID()}`, s, { durableHandOver: false });
		const taken = freshClaim(await b.memory.claim(['h'], response(200)));
		expect(taken.fresh).toEqual(['h']);
		expect(await claimValue(s, 'h')).toBe(`pending:${b.memory.ownerId}:${taken.token}`);
	});

	it('two processes racing to take over one dead claim: exactly one gets it, the other is busy', async () => {
		const s = scope();
		const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
		const dead = webhookProcess(`dead-${randomUUID()}`, s);
		for (const id of ids) freshClaim(await dead.memory.claim([id], response(200)));
		await kill(dead);
		const b = webhookProcess(`b-${randomUUID()}`, s);
		const c = webhookProcess(`c-${randomUUID()}`, s);
		await Promise.all([whenReady(b.client), whenReady(c.client)]);
		const results = await Promise.all(ids.flatMap((id) => [b.memory.claim([id], response(200)), c.memory.claim([id], response(200))]));
		for (let i = 0; i < ids.length; i++) {
			const pair = [results[2 * i], results[2 * i + 1]];
			expect(pair.filter((r) => !r.busy && r.fresh.length === 1)).toHaveLength(1);
			expect(pair.filter((r) => r.busy)).toHaveLength(1);
		}
	});

	it('a process whose claim was taken over while it stood still does not hand the event over (markHanded is false)', async () => {
		const s = scope();
		const ownerId = `stalled-${randomUUID()}`;
		const stalled = webhookProcess(ownerId, s);
		const claim = freshClaim(await stalled.memory.claim(['t'], response(200)));
		await kill(stalled);
		const b = webhookProcess(`b-${randomUUID()}`, s);
		freshClaim(await b.memory.claim(['t'], response(200)));
		// The same process, back on Redis with the same owner id and its claim in hand.
		const back = webhookProcess(ownerId, s);
		expect(await back.memory.markHanded(claim)).toBe(false);
		expect(await claimValue(s, 't')).toMatch(new RegExp(`^pending:${b.memory.ownerId}:`));
	});

	it('a vendor that hangs up once the events were handed: the claim stays handed (a redelivery is busy) until n8n\'s late answer settles it', async () => {
		const s = scope();
		const a = webhookProcess(`a-${randomUUID()}`, s);
		const b = webhookProcess(`b-${randomUUID()}`, s, { durableHandOver: true });
		const slow = Object.assign(response(200), { writableEnded: false });
		const claim = freshClaim(await a.memory.claim(['slow'], slow));
		expect(await a.memory.markHanded(claim)).toBe(true);
		slow.emit('close');
		await new Promise((r) => setTimeout(r, 400));
		expect(await b.memory.claim(['slow'], response(200))).toEqual({ busy: true });
		expect(await claimValue(s, 'slow')).toBe(`handed:${a.memory.ownerId}:${claim.token}`);
		// n8n answers 200 when the run ends, on the connection the vendor closed.
		slow.writableEnded = true;
		expect(await eventually(() => claimValue(s, 'slow'), (v) => v === 'accepted')).toBe('accepted');
		expect(await b.memory.claim(['slow'], response(200))).toMatchObject({ busy: false, fresh: [] });
	});

	it('a handed claim becomes accepted once its 2xx has gone out, and is released by a failed answer', async () => {
		const s = scope();
		const a = webhookProcess(`a-${randomUUID()}`, s);
		const ok = response(200);
		const failed = response(500);
		expect(await a.memory.markHanded(freshClaim(await a.memory.claim(['ok'], ok)))).toBe(true);
		expect(await a.memory.markHanded(freshClaim(await a.memory.claim(['failed'], failed)))).toBe(true);
		ok.emit('finish');
		failed.emit('finish');
		expect(await eventually(() => claimValue(s, 'ok'), (v) => v === 'accepted')).toBe('accepted');
		expect(await eventually(() => claimValue(s, 'failed'), (v) => v === null)).toBeNull();
	});
});

/**
 * A TCP hop between a client and redis-server that can be cut and restored: the network between a
 * webhook process and Redis failing for a while, Redis keeping its data.
 */
async function redisLink() {
	const linkPort = await freePort();
	const sockets = new Set<Socket>();
	let server: Server | undefined;
	const open = () =>
		new Promise<void>((resolve) => {
			server = createServer((inbound) => {
				const outbound = connectTcp(port, '127.0.0.1');
				for (const socket of [inbound, outbound]) {
					sockets.add(socket);
					socket.on('close', () => sockets.delete(socket));
					socket.on('error', () => undefined);
				}
				inbound.pipe(outbound).pipe(inbound);
			});
			server.listen(linkPort, '127.0.0.1', resolve);
		});
	const cut = async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise((resolve) => server?.close(resolve));
	};
	await open();
	return { port: linkPort, cut, restore: open };
}

describe('RedisReplayMemory: Redis unreachable when the answer goes out', () => {
	it('the settle is tried again, so the claim still becomes accepted once Redis is back', async () => {
		const link = await redisLink();
		const client = connectRedis({ host: '127.0.0.1', port: link.port });
		const raw = connect();
		const s = `wf:${randomUUID()}`;
		const answer = response(200);
		freshClaim(await new RedisReplayMemory(client, s).claim(['s'], answer));
		await link.cut();
		answer.emit('finish');
		// Longer than one attempt's wait for the connection (2 s): the first attempt fails.
		await new Promise((r) => setTimeout(r, 2300));
		expect(await raw.get(`${PREFIX}:${s}:s`)).toMatch(/^pending:/);
		await link.restore();
		expect(await eventually(() => raw.get(`${PREFIX}:${s}:s`), (v) => v === 'accepted', 5000)).toBe('accepted');
		client.disconnect();
		raw.disconnect();
		await link.cut();
	});
});

describe('RedisReplayMemory: Redis restarted while an event was being handed over', () => {
	it('the claim of a live process whose liveness key expired with the outage stays its own, and its failed answer releases it once it reaches Redis again', async () => {
		// Process a reaches Redis through a link that stays cut a while longer than Redis is down.
		const link = await redisLink();
		const a = connectRedis({ host: '127.0.0.1', port: link.port });
		const b = connectRedis({ host: '127.0.0.1', port });
		const raw = connect();
		const s = `wf:${randomUUID()}`;
		const memoryA = new RedisReplayMemory(a, s, { ownerId: `a-${randomUUID()}`, ownerTtlMs: 300, durableHandOver: true });
		const memoryB = new RedisReplayMemory(b, s, { ownerId: `b-${randomUUID()}`, ownerTtlMs: 300, durableHandOver: true });
		await Promise.all([whenReady(a), whenReady(b), whenReady(raw)]);
		const answer = response(500);
		expect(await memoryA.markHanded(freshClaim(await memoryA.claim(['x'], answer)))).toBe(true);

		await link.cut();
		await redis?.stop();
		await new Promise((r) => setTimeout(r, 700));
		await redis?.start();
		// n8n could not queue the event (its Redis was down): it answers 5xx, and the vendor retries.
		answer.emit('finish');
		await Promise.all([whenReady(b), whenReady(raw)]);
		expect(await raw.exists(`${PREFIX}:owner:${memoryA.ownerId}`)).toBe(0);
		// Taken for a dead process's hand-over, the redelivery would be answered 2xx without a run: lost.
		expect(await memoryB.claim(['x'], response(200))).toEqual({ busy: true });
		expect(await raw.get(`${PREFIX}:${s}:x`)).toMatch(/^handed:a-/);

		await link.restore();
		expect(await eventually(() => raw.get(`${PREFIX}:${s}:x`), (v) => v === null, 8000)).toBeNull();
		expect(freshClaim(await memoryB.claim(['x'], response(200))).fresh).toEqual(['x']);
		for (const client of [a, b, raw]) client.disconnect();
		await link.cut();
	});
});

describe('settings', () => {
	it('queue mode uses n8n\'s own Redis settings and a durable hand-over; an explicit URL wins; "process" keeps it in memory', () => {
		expect(redisReplaySettings({})).toBeUndefined();
		expect(redisReplaySettings({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'redis', QUEUE_BULL_REDIS_PORT: '6380', QUEUE_BULL_REDIS_DB: '2' })).toMatchObject({ host: 'redis', port: 6380, db: 2 });
		expect(redisReplaySettings({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'redis' })).toMatchObject({ durableHandOver: true });
		expect(redisReplaySettings({ EXECUTIONS_MODE: 'queue', [REPLAY_REDIS_URL_ENV]: 'redis://r:1' })).toEqual({ url: 'redis://r:1', durableHandOver: true });
		expect(redisReplaySettings({ EXECUTIONS_MODE: 'queue', CONTACT_CENTER_SMS_REPLAY_MEMORY: 'process' })).toBeUndefined();
	});

	it('a Redis URL outside queue mode: the hand-over dies with the process, so it is not durable', () => {
		expect(redisReplaySettings({ [REPLAY_REDIS_URL_ENV]: 'redis://r:1' })).toEqual({ url: 'redis://r:1', durableHandOver: false });
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

	it('marks its claims handed when it returns workflowData, and accepted once the 2xx has gone out', async () => {
		process.env[REPLAY_REDIS_URL_ENV] = `redis://127.0.0.1:${port}`;
		const nodeId = randomUUID();
		const raw = connect();
		await whenReady(raw);
		const claims = () => raw.keys(`${PREFIX}:wf-redis:${nodeId}:*`).then((keys) => Promise.all(keys.map((key) => raw.get(key))));
		const first = await deliver(event(), nodeId);
		expect(first.result.workflowData).toBeDefined();
		expect(await claims()).toEqual([expect.stringMatching(/^handed:[^:]+:[^:]+$/)]);
		first.res.finish(200);
		expect(await eventually(claims, (values) => values[0] === 'accepted')).toEqual(['accepted']);
		raw.disconnect();
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

		await redis?.stop({ abruptly: true });
		const down = await deliver(event(), nodeId);
		expect(down.res.statusCode).toBe(503);
		expect(down.res.headers['retry-after']).toBeDefined();
		expect(down.result.workflowData).toBeUndefined();
		await redis?.start();
		await closeReplayRedis();
		const back = await deliver(event(), nodeId);
		expect(back.result.workflowData).toBeDefined();
	});
});

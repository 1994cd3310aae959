/**
 * Bounded, time-limited memory of webhook event ids, so a redelivered event starts no second run.
 * An id is remembered as accepted only once n8n has taken the execution (the HTTP answer that
 * says so has gone out with a 2xx); until then it is "pending", and a failed hand-over forgets it
 * so the vendor's redelivery is processed.
 */
import type { ServerResponse } from 'node:http';

export type ReplayState = 'new' | 'pending' | 'accepted';

/**
 * `busy` when an id is still being handed to n8n by an earlier delivery (ask the vendor to come
 * back); otherwise `fresh` lists the ids not accepted before, now pending until the answer has gone
 * out (an empty list means a pure replay).
 */
export type ClaimResult = { busy: true } | { busy: false; fresh: string[] };

/** Where a trigger remembers the event ids it has accepted: this process, or Redis in queue mode. */
export interface ReplayMemory {
	claim(ids: string[], response: ServerResponse): Promise<ClaimResult>;
}

export interface ReplayGuardOptions {
	maxEntries: number;
	ttlMs: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplayGuardOptions = { maxEntries: 50_000, ttlMs: 24 * 3600_000 };

export class ReplayGuard implements ReplayMemory {
	// Map iteration order is insertion order: the first key is always the oldest.
	private readonly entries = new Map<string, { state: 'pending' | 'accepted'; at: number }>();

	constructor(private readonly options: ReplayGuardOptions = DEFAULT_REPLAY_OPTIONS) {}

	state(id: string, now = Date.now()): ReplayState {
		const entry = this.entries.get(id);
		if (!entry) return 'new';
		if (now - entry.at > this.options.ttlMs) {
			this.entries.delete(id);
			return 'new';
		}
		return entry.state;
	}

	/** Marks `id` pending; false when it is already pending or accepted. */
	begin(id: string, now = Date.now()): boolean {
		if (this.state(id, now) !== 'new') return false;
		this.entries.set(id, { state: 'pending', at: now });
		this.evict();
		return true;
	}

	accept(id: string, now = Date.now()): void {
		this.entries.delete(id);
		this.entries.set(id, { state: 'accepted', at: now });
		this.evict();
	}

	forget(id: string): void {
		if (this.entries.get(id)?.state === 'pending') this.entries.delete(id);
	}

	get size(): number {
		return this.entries.size;
	}

	private evict(): void {
		while (this.entries.size > this.options.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}

	/** Claims the ids of one delivery (see ClaimResult). */
	claimNow(ids: string[], response: ServerResponse): ClaimResult {
		if (ids.some((id) => this.state(id) === 'pending')) return { busy: true };
		const fresh = ids.filter((id) => this.begin(id));
		for (const id of fresh) this.settleWith(response, id);
		return { busy: false, fresh };
	}

	async claim(ids: string[], response: ServerResponse): Promise<ClaimResult> {
		return this.claimNow(ids, response);
	}

	/**
	 * Settles a pending id when the HTTP answer has gone out: accepted on a 2xx, forgotten
	 * otherwise (including a connection closed before the answer).
	 */
	settleWith(response: ServerResponse, id: string): void {
		let settled = false;
		const settle = (ok: boolean) => {
			if (settled) return;
			settled = true;
			if (ok) this.accept(id);
			else this.forget(id);
		};
		response.once('finish', () => settle(response.statusCode >= 200 && response.statusCode < 300));
		response.once('close', () => settle(response.writableFinished && response.statusCode < 300));
	}
}

const guards = new Map<string, ReplayGuard>();

/** One guard per trigger node of a workflow, in this process. */
export function replayGuardFor(scope: string): ReplayGuard {
	let guard = guards.get(scope);
	if (!guard) {
		guard = new ReplayGuard();
		guards.set(scope, guard);
	}
	return guard;
}

export const REPLAY_REDIS_URL_ENV = 'CONTACT_CENTER_SMS_REPLAY_REDIS_URL';
export const REPLAY_MEMORY_ENV = 'CONTACT_CENTER_SMS_REPLAY_MEMORY';

/**
 * Where the replay memory lives: Redis when a URL is given, or when n8n runs in queue mode (n8n's
 * own QUEUE_BULL_REDIS_* settings); this process otherwise, or when REPLAY_MEMORY_ENV is `process`.
 */
export function redisReplaySettings(env: NodeJS.ProcessEnv = process.env): import('./redisReplayMemory').RedisReplayOptions | undefined {
	if (env[REPLAY_MEMORY_ENV] === 'process') return undefined;
	if (env[REPLAY_REDIS_URL_ENV]) return { url: env[REPLAY_REDIS_URL_ENV] };
	if (env.EXECUTIONS_MODE !== 'queue') return undefined;
	return {
		host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
		port: Number(env.QUEUE_BULL_REDIS_PORT) || 6379,
		db: Number(env.QUEUE_BULL_REDIS_DB) || 0,
		username: env.QUEUE_BULL_REDIS_USERNAME,
		password: env.QUEUE_BULL_REDIS_PASSWORD,
		tls: env.QUEUE_BULL_REDIS_TLS === 'true',
	};
}

let redis: { settings: string; client: import('ioredis').default } | undefined;

/** The replay memory of one trigger node of a workflow: in Redis in queue mode, else in this process. */
export async function replayMemoryFor(scope: string): Promise<ReplayMemory> {
	const settings = redisReplaySettings();
	if (!settings) return replayGuardFor(scope);
	// Loaded only in queue mode: the Redis client is bundled into that module.
	const { RedisReplayMemory, connectRedis } = await import('./redisReplayMemory');
	const key = JSON.stringify(settings);
	if (redis?.settings !== key) redis = { settings: key, client: connectRedis(settings) };
	return new RedisReplayMemory(redis.client, scope);
}

/** Closes the Redis connection, if one was opened (tests, shutdown). */
export async function closeReplayRedis(): Promise<void> {
	const current = redis;
	redis = undefined;
	if (current) await current.client.quit().catch(() => current.client.disconnect());
}

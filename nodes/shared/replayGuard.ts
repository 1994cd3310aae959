/**
 * Bounded, time-limited memory of webhook event ids, so a redelivered event starts no second run.
 * An id is remembered as accepted only once n8n has taken the execution (the HTTP answer that
 * says so has gone out with a 2xx); until then it is "pending", and a failed hand-over forgets it
 * so the vendor's redelivery is processed. Right before the trigger hands the events to n8n it
 * marks its claims handed; a claim that is no longer the delivery's own by then is not run.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export type ReplayState = 'new' | 'pending' | 'accepted';

/**
 * The ids of one delivery not accepted before, now pending until the answer has gone out (an empty
 * list means a pure replay); `token` tells this delivery's claims from later ones on the same ids;
 * `settlement` settles them once the answer is known.
 */
export type FreshClaim = { busy: false; fresh: string[]; token: string; settlement: ClaimSettlement };

/**
 * `busy` when an id is still being handed to n8n by an earlier delivery (ask the vendor to come
 * back); otherwise the fresh claim.
 */
export type ClaimResult = { busy: true } | FreshClaim;

/** Where a trigger remembers the event ids it has accepted: this process, or Redis in queue mode. */
export interface ReplayMemory {
	claim(ids: string[], response: ServerResponse): Promise<ClaimResult>;
	/**
	 * Called right before the fresh events are handed to n8n. False when one of the claims is no
	 * longer this delivery's (another process took it over, or the vendor hung up and it was
	 * released): the events must not run. Throws when the memory cannot be reached.
	 */
	markHanded(claim: FreshClaim): Promise<boolean>;
}

export const HANG_UP_HOLD_ENV = 'CONTACT_CENTER_SMS_HANG_UP_HOLD_SECONDS';
const DEFAULT_HANG_UP_HOLD_MS = 30_000;
const ANSWER_POLL_MS = 250;

/**
 * How long, after a vendor hung up on events already handed to n8n, their claims wait for n8n's
 * answer before they are released for a redelivery to run (HANG_UP_HOLD_ENV, seconds; default 30).
 */
export function hangUpHoldMs(env: NodeJS.ProcessEnv = process.env): number {
	const seconds = Number(env[HANG_UP_HOLD_ENV] || Number.NaN);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_HANG_UP_HOLD_MS;
}

/**
 * Settles one delivery's claims once its answer is known: accepted on a 2xx, released otherwise.
 * A connection closed before the answer releases them while the events have not been handed to
 * n8n (they will not run: `beginHandOver` says so). Once they are being handed, n8n runs them and
 * still writes its answer, to the closed connection (a run longer than the vendor's deadline, with
 * Answer When Workflow Finished): that answer decides, and the vendor's redeliveries meanwhile find
 * the claims busy instead of free to run a second time. Not forever: a run that died with its
 * worker is answered by n8n only once it counts the job as stalled (a minute or more), later than
 * a vendor keeps retrying, so after `holdMs` without an answer the claims are released and the
 * next redelivery runs (a run still alive by then sends a second time).
 */
export class ClaimSettlement {
	private stage: 'claimed' | 'handing' | 'settled' = 'claimed';

	constructor(
		private readonly response: ServerResponse,
		private readonly settle: (accepted: boolean) => void,
		private readonly holdMs = hangUpHoldMs(),
	) {
		response.once('finish', () => this.done(this.answeredOk()));
		response.once('close', () => this.closed());
	}

	/** Called right before the events are handed to n8n: false once the vendor hung up. */
	beginHandOver(): boolean {
		if (this.stage !== 'claimed') return false;
		this.stage = 'handing';
		return true;
	}

	private answeredOk(): boolean {
		return this.response.statusCode >= 200 && this.response.statusCode < 300;
	}

	private closed(): void {
		if (this.response.writableFinished) return this.done(this.answeredOk());
		if (this.stage === 'claimed') return this.done(false);
		if (this.stage !== 'handing') return;
		const giveUpAt = Date.now() + this.holdMs;
		const watch = setInterval(() => {
			if (this.response.writableEnded) this.done(this.answeredOk());
			else if (Date.now() >= giveUpAt) this.done(false);
			if (this.stage === 'settled') clearInterval(watch);
		}, ANSWER_POLL_MS);
		watch.unref();
	}

	private done(accepted: boolean): void {
		if (this.stage === 'settled') return;
		this.stage = 'settled';
		this.settle(accepted);
	}
}

export interface ReplayGuardOptions {
	maxEntries: number;
	ttlMs: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplayGuardOptions = { maxEntries: 50_000, ttlMs: 24 * 3600_000 };

export class ReplayGuard implements ReplayMemory {
	// Map iteration order is insertion order: the first key is always the oldest.
	private readonly entries = new Map<string, { state: 'pending' | 'accepted'; at: number; token?: string }>();

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

	/** Marks `id` pending (for the claim `token`); false when it is already pending or accepted. */
	begin(id: string, now = Date.now(), token?: string): boolean {
		if (this.state(id, now) !== 'new') return false;
		this.entries.set(id, { state: 'pending', at: now, token });
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
		const token = randomUUID();
		const now = Date.now();
		const fresh = ids.filter((id) => this.begin(id, now, token));
		const settlement = new ClaimSettlement(response, (accepted) => {
			for (const id of fresh) this.settle(id, token, accepted);
		});
		return { busy: false, fresh, token, settlement };
	}

	async claim(ids: string[], response: ServerResponse): Promise<ClaimResult> {
		return this.claimNow(ids, response);
	}

	/** In one process a hand-over dies with the process: nothing to record, only the claims to check. */
	async markHanded(claim: FreshClaim): Promise<boolean> {
		if (!claim.settlement.beginHandOver()) return false;
		return claim.fresh.every((id) => this.holds(id, claim.token));
	}

	private holds(id: string, token: string): boolean {
		const entry = this.entries.get(id);
		return entry?.state === 'pending' && entry.token === token;
	}

	/** Accepted on a 2xx answer, forgotten otherwise: only while the claim is still this delivery's. */
	private settle(id: string, token: string, accepted: boolean): void {
		if (!this.holds(id, token)) return;
		if (accepted) this.accept(id);
		else this.forget(id);
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
 * In queue mode an event handed to n8n is a job in n8n's queue, which a worker runs even if this
 * webhook process dies: the hand-over is durable. Outside it the run dies with the process.
 */
export function redisReplaySettings(env: NodeJS.ProcessEnv = process.env): import('./redisReplayMemory').RedisReplayOptions | undefined {
	if (env[REPLAY_MEMORY_ENV] === 'process') return undefined;
	const durableHandOver = env.EXECUTIONS_MODE === 'queue';
	if (env[REPLAY_REDIS_URL_ENV]) return { url: env[REPLAY_REDIS_URL_ENV], durableHandOver };
	if (!durableHandOver) return undefined;
	return {
		durableHandOver,
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
	return new RedisReplayMemory(redis.client, scope, settings);
}

/** Closes the Redis connection, if one was opened (tests, shutdown). */
export async function closeReplayRedis(): Promise<void> {
	const current = redis;
	redis = undefined;
	if (current) await current.client.quit().catch(() => current.client.disconnect());
}

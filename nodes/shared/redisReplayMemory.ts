/**
 * The replay memory in Redis, for n8n's queue mode: several webhook processes answer the same
 * vendor, so a redelivery may land on another process than the first delivery.
 *
 * Each process has an owner id and keeps a liveness key `<prefix>:owner:<id>` alive while it is
 * connected (a few seconds' TTL, see replayOwner.ts). A delivery claims its event ids as
 * `pending:<owner>:<token>`; right before the trigger hands the events to n8n they become
 * `handed:<owner>:<token>`; once the 2xx answer has gone out, `accepted` (kept 24 h); a failed
 * hand-over (a non-2xx answer, or the connection closed before the events were handed) deletes
 * them (see ClaimSettlement). Only the claim's
 * owner moves or settles it (compare-and-set on the value). A delivery that finds an id
 * - accepted: is a replay (the same answer, no run);
 * - pending or handed by a live owner: is busy (503 with Retry-After: the vendor comes back);
 * - pending by a dead owner: takes the claim over and runs it, since that process never handed the
 *   event to n8n;
 * - handed by a dead owner: with a durable hand-over (queue mode: the execution is a job in n8n's
 *   queue, which a worker runs whatever becomes of the webhook process) marks it accepted and is a
 *   replay, answered 2xx whatever that job's outcome; without one (the run died with the process)
 *   takes it over and runs it again.
 * A process is dead when its liveness key has expired and Redis has not just come back: liveness
 * keys expire while Redis is down (or unreachable for every process) although their owners live, so
 * for two TTLs after the heartbeats resume a missing key is taken for a live owner (busy).
 * Every check-and-write is one Lua script (redisReplayScripts.ts), so of two processes only one
 * takes a claim over. A trigger whose claim was taken over before it handed its events (its
 * process stood still for longer than the liveness TTL) does not run them, and answers 503.
 *
 * The pending TTL (15 min) is only a backstop, should the liveness keys fail on the Redis side: a
 * live owner answering when the workflow has finished holds its claim for the whole run.
 * The one window left: a process killed between handing the events to n8n and n8n enqueuing the
 * job (milliseconds). The claims are handed by then, so in queue mode such an event counts as
 * accepted and does not run; outside queue mode it runs on the vendor's redelivery.
 * Redis unreachable when claiming: the trigger answers 503 and the vendor retries, so an event is
 * neither lost nor run twice for it. Unreachable when marking the claims handed: the run goes
 * ahead and the claims stay pending (should this process then die, the redelivery runs again).
 * Unreachable when the answer goes out (n8n's own queue then fails too, and answers 5xx): the
 * settle is tried again until Redis is back, so the redelivery runs.
 * Left open: one process cut off from a Redis the others still reach is dead to them, so should
 * n8n fail to queue an event it had handed, the redelivery counts it accepted.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import Redis from 'ioredis';

import { CLAIM, HEARTBEAT, MARK_HANDED, SETTLE } from './redisReplayScripts';
import { ClaimSettlement, type ClaimResult, type FreshClaim, type ReplayMemory } from './replayGuard';
import { keepAlive, ownerIdOf } from './replayOwner';

export interface RedisReplayOptions {
	/** A redis:// or rediss:// URL, or n8n's QUEUE_BULL_REDIS_* settings. */
	url?: string;
	host?: string;
	port?: number;
	db?: number;
	username?: string;
	password?: string;
	tls?: boolean;
	/** Key prefix; the trigger scope and the event id follow. */
	prefix?: string;
	acceptedTtlMs?: number;
	/** How long a claim may stay pending or handed: a backstop only (see above). Default 15 min. */
	pendingTtlMs?: number;
	/** This process's id in the memory (no colon); default: one random id per connection. */
	ownerId?: string;
	/** How long an owner counts as alive after its last heartbeat, sent every third of it. Default 5 s. */
	ownerTtlMs?: number;
	/** Whether events handed to n8n outlive this process (queue mode). Default false. */
	durableHandOver?: boolean;
}

const ACCEPTED = 'accepted';

type ClaimVerdict = 'fresh' | 'replay' | 'accept';

export class RedisReplayMemory implements ReplayMemory {
	private readonly prefix: string;
	private readonly acceptedTtlMs: number;
	private readonly pendingTtlMs: number;
	private readonly ownerTtlMs: number;
	private readonly durableHandOver: boolean;
	readonly ownerId: string;

	constructor(
		private readonly client: Redis,
		private readonly scope: string,
		options: RedisReplayOptions = {},
	) {
		this.prefix = options.prefix ?? 'n8n-nodes-contact-center-sms:replay';
		this.acceptedTtlMs = options.acceptedTtlMs ?? 24 * 3600_000;
		this.pendingTtlMs = options.pendingTtlMs ?? 15 * 60_000;
		this.ownerTtlMs = options.ownerTtlMs ?? 5000;
		this.durableHandOver = options.durableHandOver ?? false;
		this.ownerId = options.ownerId ?? ownerIdOf(client);
		if (this.ownerId.includes(':')) throw new Error('The replay memory\'s owner id must not contain ":"');
		keepAlive(client, this.ownerKey(this.ownerId), this.ownerTtlMs, () =>
			client.eval(HEARTBEAT, 0, `${this.prefix}:`, this.ownerId, String(this.ownerTtlMs)),
		);
	}

	private key(id: string): string {
		return `${this.prefix}:${this.scope}:${id}`;
	}

	private ownerKey(ownerId: string): string {
		return `${this.prefix}:owner:${ownerId}`;
	}

	private value(stage: 'pending' | 'handed', token: string): string {
		return `${stage}:${this.ownerId}:${token}`;
	}

	async claim(ids: string[], response: ServerResponse): Promise<ClaimResult> {
		await whenReady(this.client);
		const unique = [...new Set(ids)];
		const token = randomUUID();
		const verdicts = (await this.client.eval(
			CLAIM,
			unique.length,
			...unique.map((id) => this.key(id)),
			`${this.prefix}:`,
			this.ownerId,
			this.value('pending', token),
			String(this.pendingTtlMs),
			String(this.ownerTtlMs),
			String(this.acceptedTtlMs),
			this.durableHandOver ? '1' : '0',
		)) as 'busy' | ClaimVerdict[];
		if (verdicts === 'busy') return { busy: true };
		const fresh = unique.filter((_, i) => verdicts[i] === 'fresh');
		const settlement = new ClaimSettlement(response, (accepted) => {
			for (const id of fresh) void this.settle(id, token, accepted);
		});
		return { busy: false, fresh, token, settlement };
	}

	async markHanded(claim: FreshClaim): Promise<boolean> {
		if (!claim.settlement.beginHandOver()) return false;
		if (claim.fresh.length === 0) return true;
		await whenReady(this.client);
		const moved = await this.client.eval(
			MARK_HANDED,
			claim.fresh.length,
			...claim.fresh.map((id) => this.key(id)),
			this.value('pending', claim.token),
			this.value('handed', claim.token),
			String(this.pendingTtlMs),
		);
		return moved === 1;
	}

	/**
	 * Tried until it succeeds, seconds apart, for as long as the claim can live (the pending TTL): an
	 * unsettled claim of a live owner keeps the vendor's redeliveries busy, and a claim released late
	 * still lets the next redelivery run. Redis unreachable all that time: the claim expires.
	 */
	private async settle(id: string, token: string, accepted: boolean): Promise<void> {
		const once = async () => {
			await whenReady(this.client);
			await this.client.eval(
				SETTLE,
				1,
				this.key(id),
				this.value('pending', token),
				this.value('handed', token),
				accepted ? ACCEPTED : '',
				String(this.acceptedTtlMs),
			);
		};
		const giveUpAt = Date.now() + this.pendingTtlMs;
		for (let attempt = 1; ; attempt++) {
			if (await once().then(() => true, () => false)) return;
			if (Date.now() >= giveUpAt) return;
			// Unreferenced: a settle still waiting for Redis does not hold the process open.
			await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** (attempt - 1), 5000)).unref());
		}
	}
}

/** Waits (briefly) for the connection to be usable: commands are not queued while it is down. */
export async function whenReady(client: Redis, timeoutMs = 2000): Promise<void> {
	if (client.status === 'ready') return;
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => done(new Error('Redis is not reachable')), timeoutMs);
		const onReady = () => done();
		const onEnd = () => done(new Error('Redis connection ended'));
		function done(error?: Error) {
			clearTimeout(timer);
			client.off('ready', onReady);
			client.off('end', onEnd);
			if (error) reject(error);
			else resolve();
		}
		client.once('ready', onReady);
		client.once('end', onEnd);
	});
}

/** One connection per process, failing fast (no offline queue) so an unreachable Redis becomes a 503 at once. */
export function connectRedis(options: RedisReplayOptions): Redis {
	const common = { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false };
	const client = options.url
		? new Redis(options.url, common)
		: new Redis({
				...common,
				host: options.host ?? 'localhost',
				port: options.port ?? 6379,
				db: options.db ?? 0,
				username: options.username || undefined,
				password: options.password || undefined,
				tls: options.tls ? {} : undefined,
			});
	// A lost connection shows as a 503 to the vendor and the client reconnects by itself; unheard, each
	// failed reconnection would be printed to n8n's console.
	client.on('error', () => undefined);
	return client;
}

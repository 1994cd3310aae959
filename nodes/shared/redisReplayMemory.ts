/**
 * The replay memory in Redis, for n8n's queue mode: several webhook processes answer the same
 * vendor, so a redelivery may land on another process than the first delivery. Same semantics as
 * the in-process memory: an id is claimed as pending (SET NX with a short expiry, so a process that
 * dies while handing an event over cannot block it for long), becomes accepted only once its 2xx
 * has gone out, and is deleted on a failed hand-over. Only the claim's owner may settle it (the
 * pending value carries a token). When Redis cannot be reached the trigger answers 503 and the
 * vendor retries: an event is neither lost nor run twice for it.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import Redis from 'ioredis';

import type { ClaimResult, ReplayMemory } from './replayGuard';

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
	pendingTtlMs?: number;
}

/** Sets KEYS[1] to ARGV[2] (expiring after ARGV[3] ms) only if it still holds our pending token ARGV[1]. */
const SETTLE_IF_OWNED = `if redis.call('get', KEYS[1]) == ARGV[1] then
  if ARGV[2] == '' then return redis.call('del', KEYS[1]) end
  return redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 0`;

const ACCEPTED = 'accepted';

export class RedisReplayMemory implements ReplayMemory {
	private readonly prefix: string;
	private readonly acceptedTtlMs: number;
	private readonly pendingTtlMs: number;

	constructor(
		private readonly client: Redis,
		private readonly scope: string,
		options: RedisReplayOptions = {},
	) {
		this.prefix = options.prefix ?? 'n8n-nodes-contact-center-sms:replay';
		this.acceptedTtlMs = options.acceptedTtlMs ?? 24 * 3600_000;
		this.pendingTtlMs = options.pendingTtlMs ?? 60_000;
	}

	private key(id: string): string {
		return `${this.prefix}:${this.scope}:${id}`;
	}

	async claim(ids: string[], response: ServerResponse): Promise<ClaimResult> {
		await whenReady(this.client);
		const token = `pending:${randomUUID()}`;
		const fresh: string[] = [];
		let busy = false;
		for (const id of ids) {
			const set = await this.client.set(this.key(id), token, 'PX', this.pendingTtlMs, 'NX');
			if (set === 'OK') {
				fresh.push(id);
				continue;
			}
			const current = await this.client.get(this.key(id));
			if (current !== ACCEPTED) busy = true;
		}
		if (busy) {
			await Promise.all(fresh.map((id) => this.settle(id, token, false)));
			return { busy: true };
		}
		for (const id of fresh) this.settleWith(response, id, token);
		return { busy: false, fresh };
	}

	private async settle(id: string, token: string, accepted: boolean): Promise<void> {
		await this.client.eval(SETTLE_IF_OWNED, 1, this.key(id), token, accepted ? ACCEPTED : '', String(this.acceptedTtlMs));
	}

	private settleWith(response: ServerResponse, id: string, token: string): void {
		let settled = false;
		const settle = (ok: boolean) => {
			if (settled) return;
			settled = true;
			// Unreachable Redis: the pending claim expires by itself, and the vendor's retry is processed then.
			this.settle(id, token, ok).catch(() => undefined);
		};
		response.once('finish', () => settle(response.statusCode >= 200 && response.statusCode < 300));
		response.once('close', () => settle(response.writableFinished && response.statusCode < 300));
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
	if (options.url) return new Redis(options.url, common);
	return new Redis({
		...common,
		host: options.host ?? 'localhost',
		port: options.port ?? 6379,
		db: options.db ?? 0,
		username: options.username || undefined,
		password: options.password || undefined,
		tls: options.tls ? {} : undefined,
	});
}

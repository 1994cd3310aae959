/**
 * A webhook process's liveness in the Redis replay memory: a key that expires `ttlMs` after its last
 * refresh. While it exists, the claims that name the process as their owner are its own; once it
 * has expired (the process died, or could not reach Redis, or its event loop stood still for
 * longer than the TTL), other processes may resolve them.
 */
import { randomUUID } from 'node:crypto';

import type Redis from 'ioredis';

const connectionOwners = new WeakMap<Redis, string>();
const heartbeats = new WeakMap<Redis, Set<string>>();

/** The owner id of a connection: the triggers of one process share one connection, hence one id. */
export function ownerIdOf(client: Redis): string {
	let id = connectionOwners.get(client);
	if (!id) {
		id = randomUUID();
		connectionOwners.set(client, id);
	}
	return id;
}

/**
 * Keeps the liveness key `key` alive while `client` is connected: `refresh` (which sets it, `ttlMs`
 * long) runs at once, on every (re)connection, and every third of `ttlMs`; the timer does not hold
 * the process open, and stops when the connection ends. One heartbeat per connection and key,
 * however many memories use them.
 */
export function keepAlive(client: Redis, key: string, ttlMs: number, refresh: () => Promise<unknown>): void {
	let keys = heartbeats.get(client);
	if (!keys) {
		keys = new Set();
		heartbeats.set(client, keys);
	}
	if (keys.has(key)) return;
	const alive = keys.add(key);
	const beat = () => {
		// An unreachable Redis: the next beat, or the reconnection, tries again.
		if (client.status === 'ready') refresh().catch(() => undefined);
	};
	const timer = setInterval(beat, Math.max(1, Math.floor(ttlMs / 3)));
	timer.unref();
	client.on('ready', beat);
	client.once('end', () => {
		clearInterval(timer);
		client.off('ready', beat);
		alive.delete(key);
	});
	beat();
}

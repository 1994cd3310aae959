/**
 * What every raw-undici baseline shares: a pool of the same shape as the package's transport
 * (keep-alive, one request per connection at a time) and a timed, bounded load that counts what the
 * vendor accepted. No n8n, no validation, no retry rules: the fastest this machine can push the requests.
 */
import { Pool } from 'undici';

import { runBounded, type BoundedLoad } from '../lib/load';
import { nowMs } from '../lib/stats';

export interface RawBatchResult {
	elapsedMs: number;
	/** Units the vendor accepted (messages, or recipients of batched requests). */
	sent: number;
	failed: number;
}

export function rawPool(baseUrl: string): Pool {
	return new Pool(new URL(baseUrl).origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
}

/**
 * Runs `load.count` requests, each resolving with how many units the vendor accepted, out of `units`
 * in all. The timed span starts before `prepare` (a token request when there is no token yet).
 */
export async function timedLoad(load: BoundedLoad, units: number, prepare: () => Promise<void>, request: (index: number) => Promise<number>): Promise<RawBatchResult> {
	const started = nowMs();
	await prepare();
	const result = await runBounded(load, request);
	const sent = result.results.reduce((sum, accepted) => sum + accepted, 0);
	return { elapsedMs: nowMs() - started, sent, failed: units - sent };
}

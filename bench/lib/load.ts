/** Bounded load: a fixed number of tasks over a fixed number of workers, with a time limit. */
import { nowMs } from './stats';

export interface BoundedLoad {
	count: number;
	concurrency: number;
	/** No task starts after this many ms; the load then reports what it finished. */
	timeLimitMs: number;
}

export interface LoadResult<T> {
	results: T[];
	started: number;
	elapsedMs: number;
	timedOut: boolean;
}

export async function runBounded<T>(load: BoundedLoad, task: (index: number) => Promise<T>): Promise<LoadResult<T>> {
	const results: T[] = [];
	const begin = nowMs();
	let next = 0;
	let timedOut = false;
	const worker = async () => {
		while (next < load.count) {
			if (nowMs() - begin > load.timeLimitMs) {
				timedOut = true;
				return;
			}
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(load.concurrency, load.count) }, worker));
	return { results: results.filter((r) => r !== undefined), started: next, elapsedMs: nowMs() - begin, timedOut };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return true;
		if (Date.now() > deadline) return false;
		await sleep(everyMs);
	}
}

/** One timed HTTP request from the bench to n8n. */
import { request } from 'undici';

import { nowMs } from './stats';

export interface TimedAnswer {
	status: number;
	ms: number;
	body: string;
}

export async function timedPost(url: string, body: string, headers: Record<string, string>, timeLimitMs: number): Promise<TimedAnswer> {
	const started = nowMs();
	const response = await request(url, {
		method: 'POST',
		headers,
		body,
		headersTimeout: timeLimitMs,
		bodyTimeout: timeLimitMs,
		signal: AbortSignal.timeout(timeLimitMs),
	});
	const text = await response.body.text();
	return { status: response.statusCode, ms: nowMs() - started, body: text };
}

/** Wall-clock milliseconds with sub-millisecond resolution (comparable with the sandbox's timestamps). */
export function epochMs(): number {
	return performance.timeOrigin + performance.now();
}

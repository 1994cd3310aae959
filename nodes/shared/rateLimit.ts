/**
 * Per-key request pacing shared by every execution in this process, for vendors that publish a
 * request rate (CCAI Platform: 10 requests/s per customer): at most `rate` requests start in any
 * window of one second plus a slack, so that network jitter cannot put rate + 1 arrivals into one
 * second on the vendor's side. Requests start in bursts of up to `rate`, which keeps throughput at
 * about 95 % of the published rate. Queue-mode workers each keep their own pace.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Added to every window: how late a request may arrive at the vendor compared with its start. */
export const PACING_SLACK_MS = 50;

/** Scheduled start times per key, ascending; only the last `limit` matter. */
const scheduled = new Map<string, number[]>();

/** Waits for the next start slot of `key` at `perSecond` requests per second. */
export async function awaitSlot(key: string, perSecond: number): Promise<void> {
	if (!(perSecond > 0)) return;
	const limit = Math.max(1, Math.floor(perSecond));
	const windowMs = (limit * 1000) / perSecond + PACING_SLACK_MS;
	const now = performance.now();
	const starts = scheduled.get(key) ?? [];
	const earliest = starts.length < limit ? now : starts[starts.length - limit] + windowMs;
	const slot = Math.max(now, earliest, starts[starts.length - 1] ?? 0);
	starts.push(slot);
	if (starts.length > limit) starts.splice(0, starts.length - limit);
	scheduled.set(key, starts);
	if (slot > now) await sleep(slot - now);
}

export function clearRateLimits(): void {
	scheduled.clear();
}

/**
 * Per-key request pacing shared by every execution in this process, for vendors that publish a
 * request rate (CCAI Platform: 10 requests/s per customer). Requests are given start slots at
 * least 1/rate apart, plus a small margin so that network jitter cannot put rate + 1 arrivals into
 * one second on the vendor's side. Queue-mode workers each keep their own pace.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Slots are spaced this much wider than 1/rate. */
export const PACING_MARGIN = 1.02;

const nextSlot = new Map<string, number>();

/** Waits for the next start slot of `key` at `perSecond` requests per second. */
export async function awaitSlot(key: string, perSecond: number): Promise<void> {
	if (!(perSecond > 0)) return;
	const interval = (1000 / perSecond) * PACING_MARGIN;
	const now = performance.now();
	const slot = Math.max(now, nextSlot.get(key) ?? 0);
	nextSlot.set(key, slot + interval);
	if (slot > now) await sleep(slot - now);
}

export function clearRateLimits(): void {
	nextSlot.clear();
}

import { request } from 'undici';

import type { DeliveryPolicy } from './deliveryPolicy';
import type { DeliveryAttempt, DeliveryRecord } from './recorder';
import type { Scheduler } from './scheduler';

export interface OutboundRequest {
	url: string;
	method?: string;
	headers: Record<string, string>;
	body: string;
}

const MAX_RECORDED_RESPONSE = 64 * 1024;

/** One HTTP attempt; never throws for network errors (they become `status: null`). */
export async function sendOnce(outbound: OutboundRequest, timeoutMs: number, signal?: AbortSignal): Promise<Omit<DeliveryAttempt, 'attempt'>> {
	const at = new Date().toISOString();
	const started = performance.now();
	const method = outbound.method ?? 'POST';
	try {
		const response = await request(outbound.url, {
			method: method as 'POST',
			headers: outbound.headers,
			body: method === 'HEAD' || method === 'GET' ? undefined : outbound.body,
			headersTimeout: timeoutMs,
			bodyTimeout: timeoutMs,
			// undici's own timeouts run on a coarse clock (up to ~1 s late); a vendor deadline is exact.
			signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
		});
		const body = await response.body.text();
		return { at, status: response.statusCode, body: body.slice(0, MAX_RECORDED_RESPONSE), ms: Math.round(performance.now() - started) };
	} catch (error) {
		const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { at, status: null, body: '', ms: Math.round(performance.now() - started), error: reason };
	}
}

export interface RetryRule {
	/** Whether an HTTP status is retried. Network failures (status null) always are. */
	retryStatus: (status: number) => boolean;
	/** Whether an HTTP status counts as delivered. */
	delivered: (status: number) => boolean;
	/** `fixed`: every retry waits baseDelayMs; default `exponential`: baseDelayMs * 2^(n-1). */
	backoff?: 'exponential' | 'fixed';
}

/**
 * Sends the same bytes up to policy.maxAttempts times, waiting baseDelayMs * 2^(n-1) (or, with a
 * fixed backoff, baseDelayMs) between attempts, appending every attempt to `record` as it happens.
 */
export async function deliver(
	record: DeliveryRecord,
	outbound: OutboundRequest,
	policy: DeliveryPolicy,
	rule: RetryRule,
	scheduler: Scheduler,
): Promise<DeliveryRecord> {
	for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
		if (scheduler.closed) break;
		const result = await sendOnce(outbound, policy.timeoutMs, scheduler.signal);
		record.attempts.push({ attempt, ...result });
		if (result.status !== null && rule.delivered(result.status)) {
			record.delivered = true;
			break;
		}
		const retry = result.status === null || rule.retryStatus(result.status);
		if (!retry || attempt === policy.maxAttempts) break;
		// sleep() only rejects when the sandbox closes: stop retrying then.
		const wait = rule.backoff === 'fixed' ? policy.baseDelayMs : policy.baseDelayMs * 2 ** (attempt - 1);
		const slept = await scheduler.sleep(wait).then(
			() => true,
			() => false,
		);
		if (!slept) break;
	}
	record.finished = true;
	return record;
}

import type { DeliveryRecord, RequestRecord } from '../recorder';
import type { StatusChip, Tone } from './types';

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** `503 → 503 → 200`, with injected faults named, e.g. `503 (fault) → 200`. */
export function requestStatuses(attempts: RequestRecord[]): string {
	return attempts.map((record) => (record.faults.length ? `${record.status} (fault: ${record.faults.join(', ')})` : String(record.status))).join(' → ');
}

export function deliveryStatuses(record: DeliveryRecord): string {
	if (record.skipped) return `not sent: ${record.skipped}`;
	if (record.attempts.length === 0) return 'sending';
	return record.attempts.map((attempt) => (attempt.status === null ? (attempt.error ?? 'no answer') : String(attempt.status))).join(' → ');
}

/** Where a webhook delivery stands: sending, retrying, delivered (a 2xx), failed or not sent. */
export function deliveryTone(record: DeliveryRecord): Tone {
	if (record.skipped) return 'failed';
	if (record.delivered) return record.attempts.length > 1 ? 'warn' : 'ok';
	return record.finished ? 'failed' : 'pending';
}

/** The status of something the sandbox POSTed to a webhook (Avaya event, Genesys agent message, inbound SMS). */
export function webhookChip(record: DeliveryRecord, receiver: string): StatusChip {
	const tone = deliveryTone(record);
	const answers = deliveryStatuses(record);
	if (record.skipped) return { label: 'not sent', tone, detail: `${record.skipped}: nothing was sent to ${receiver}` };
	if (record.delivered) return { label: 'delivered', tone, detail: `${receiver} answered ${answers}` };
	if (record.finished) return { label: 'failed', tone, detail: `${receiver} answered ${answers}; no more attempts` };
	return { label: record.attempts.length ? 'retrying' : 'sending', tone, detail: record.attempts.length ? `${receiver} answered ${answers}` : undefined };
}

/** How the sandbox signed a webhook, when that is worth a chip (not the normal, correctly signed case). */
export function signatureChip(record: DeliveryRecord): StatusChip | undefined {
	if (record.signature === 'unsigned') return { label: 'unsigned', tone: 'warn', detail: 'sent without a signature header' };
	if (record.signature === 'forged') return { label: 'forged signature', tone: 'warn', detail: 'signed with another secret than the tenant\'s' };
	return undefined;
}

/**
 * The status of a request a vendor received (one request and its retries), e.g. `accepted` with
 * `Avaya answered 503 (fault: status) → 200`. `answerer` names the vendor in the detail.
 */
export function requestChip(attempts: RequestRecord[], acceptedLabel: string, answerer: string, failure: (last: RequestRecord) => string): StatusChip {
	const last = attempts[attempts.length - 1];
	const answered = `${answerer} answered ${requestStatuses(attempts)}`;
	if (isSuccess(last.status)) return { label: acceptedLabel, tone: attempts.length > 1 ? 'warn' : 'ok', detail: answered };
	return { label: 'failed', tone: 'failed', detail: `${answered}: ${failure(last)}` };
}

/**
 * Groups requests into "one request and its retries": a request with the same key as an earlier
 * one that was not answered 2xx is its retry. Input in record order.
 */
export function groupRetries(records: RequestRecord[], keyOf: (record: RequestRecord) => string): RequestRecord[][] {
	const open = new Map<string, RequestRecord[]>();
	const groups: RequestRecord[][] = [];
	for (const record of records) {
		const key = keyOf(record);
		const group = open.get(key);
		if (group && !isSuccess(group[group.length - 1].status)) {
			group.push(record);
			continue;
		}
		const fresh = [record];
		groups.push(fresh);
		open.set(key, fresh);
	}
	return groups;
}

/** The key of an identical request: method, path and body. */
export function sameRequestKey(record: RequestRecord): string {
	return `${record.method} ${record.path} ${JSON.stringify(record.body)}`;
}

/** A short reason from a vendor's error body (problem title and detail, `{status:{message}}`, `{error}`). */
export function errorText(body: unknown): string {
	if (typeof body !== 'object' || body === null) return typeof body === 'string' && body ? body.slice(0, 200) : 'no body';
	const value = body as Record<string, unknown>;
	const nested = value.status as Record<string, unknown> | undefined;
	const parts = [value.title, value.detail, value.error, value.error_description, value.message, nested?.message].filter(
		(part): part is string => typeof part === 'string' && part !== '',
	);
	return parts.length ? parts.join(': ') : JSON.stringify(body).slice(0, 200);
}

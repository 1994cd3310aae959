import { isPlainObject } from '../http';
import { redactHeaders, redactSecrets, type DeliveryRecord, type Recorder, type RequestRecord } from '../recorder';
import type { InboundSms } from '../vendors/sms';
import { deliveryStatuses, deliveryTone, groupRetries, requestStatuses, sameRequestKey } from './statuses';
import type { TrafficDetail, TrafficRow } from './types';

/** Which records a tab's log shows: its vendor's, and the SMS traffic of its business number. */
export interface TrafficScope {
	vendor: string;
	smsNumber?: string;
}

function inScope(scope: TrafficScope, vendor: string, numbers: unknown[]): boolean {
	if (vendor === scope.vendor) return true;
	return vendor === 'sms' && scope.smsNumber !== undefined && numbers.includes(scope.smsNumber);
}

function smsNumbersOfRequest(record: RequestRecord): unknown[] {
	return isPlainObject(record.body) ? [record.body.from, record.body.to] : [];
}

function smsNumbersOfDelivery(record: DeliveryRecord): unknown[] {
	const sms = record.event as InboundSms | undefined;
	return sms ? [sms.from, sms.to] : [];
}

function pathOf(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url;
	}
}

function requestRow(record: RequestRecord, retries: number): TrafficRow {
	const ok = record.status >= 200 && record.status < 300;
	return {
		seq: record.seq,
		at: record.at,
		vendor: record.vendor,
		direction: 'to-vendor',
		kind: record.kind,
		method: record.method,
		path: record.path,
		status: record.status,
		statusText: requestStatuses([record]),
		tone: ok ? 'ok' : 'failed',
		signature: record.signature ?? '',
		retries,
		faults: record.faults,
	};
}

function deliveryRow(record: DeliveryRecord): TrafficRow {
	const last = record.attempts[record.attempts.length - 1];
	return {
		seq: record.seq,
		at: record.at,
		vendor: record.vendor,
		direction: 'from-vendor',
		kind: record.kind,
		method: 'POST',
		path: pathOf(record.url),
		status: last?.status ?? null,
		statusText: deliveryStatuses(record),
		tone: deliveryTone(record),
		signature: record.signature ?? '',
		retries: Math.max(0, record.attempts.length - 1),
		faults: [],
	};
}

/** The retry number of each request: how many identical requests before it went unanswered by a 2xx. */
function retryNumbers(records: RequestRecord[]): Map<number, number> {
	const numbers = new Map<number, number>();
	for (const group of groupRetries(records, sameRequestKey)) group.forEach((record, index) => numbers.set(record.seq, index));
	return numbers;
}

/** The last `limit` rows of a tab's traffic log, oldest first. */
export function trafficRows(recorder: Recorder, scope: TrafficScope, limit = 300): TrafficRow[] {
	const requests = recorder.requests().filter((record) => inScope(scope, record.vendor, smsNumbersOfRequest(record)));
	const deliveries = recorder.deliveries().filter((record) => inScope(scope, record.vendor, smsNumbersOfDelivery(record)));
	const retries = retryNumbers(requests);
	const rows = [...requests.map((record) => requestRow(record, retries.get(record.seq) ?? 0)), ...deliveries.map(deliveryRow)];
	return rows.sort((a, b) => a.seq - b.seq).slice(-limit);
}

/** A body as text or parsed JSON, secrets masked like the recorder masks them. */
function readableBody(text: string): unknown {
	if (text === '') return '';
	try {
		return redactSecrets(JSON.parse(text));
	} catch {
		return text;
	}
}

/** One row with its headers and bodies (secrets masked), or undefined when no record has that seq. */
export function trafficDetail(recorder: Recorder, seq: number): TrafficDetail | undefined {
	const request = recorder.requests().find((record) => record.seq === seq);
	if (request) {
		const retries = retryNumbers(recorder.requests({ vendor: request.vendor })).get(seq) ?? 0;
		return {
			...requestRow(request, retries),
			url: request.path,
			headers: redactHeaders(request.headers),
			body: request.body,
			answers: [{ attempt: 1, at: request.at, status: request.status, body: redactSecrets(request.response) }],
		};
	}
	const delivery = recorder.deliveries().find((record) => record.seq === seq);
	if (!delivery) return undefined;
	return {
		...deliveryRow(delivery),
		url: delivery.url,
		headers: redactHeaders(delivery.headers),
		body: readableBody(delivery.bytes),
		answers: delivery.attempts.map((attempt) => ({
			attempt: attempt.attempt,
			at: attempt.at,
			status: attempt.status,
			ms: attempt.ms,
			body: readableBody(attempt.body),
			...(attempt.error ? { error: attempt.error } : {}),
		})),
	};
}

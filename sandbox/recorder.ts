import type { IncomingHttpHeaders } from 'node:http';

import type { SignatureVerdict } from '../nodes/shared/signature';

export interface RequestRecord {
	seq: number;
	at: string;
	vendor: string;
	kind: string;
	method: string;
	path: string;
	headers: Record<string, string>;
	/** Parsed JSON, or the raw text (secrets redacted). */
	body: unknown;
	status: number;
	response: unknown;
	faults: string[];
	/** The vendor's check of the request's signature, for vendors whose callers sign (Genesys). */
	signature?: SignatureVerdict;
}

/** How the sandbox signed what it sent: with the tenant's secret, not at all, or with another secret. */
export type SentSignature = 'signed' | 'unsigned' | 'forged';

/** A message the vendor accepted: what exactly-once assertions count. */
export interface AcceptedRecord {
	seq: number;
	at: string;
	vendor: string;
	kind: string;
	path: string;
	id: string;
	request: unknown;
	response: unknown;
}

export interface DeliveryAttempt {
	attempt: number;
	at: string;
	/** null when no HTTP answer came (connection failure, timeout). */
	status: number | null;
	body: string;
	ms: number;
	error?: string;
}

/** One event (or raw request) the sandbox sent to a webhook, with every attempt. */
export interface DeliveryRecord {
	seq: number;
	at: string;
	vendor: string;
	kind: string;
	url: string;
	headers: Record<string, string>;
	/** The exact bytes sent (UTF-8). */
	bytes: string;
	event?: unknown;
	attempts: DeliveryAttempt[];
	delivered: boolean;
	/** Why nothing was sent, e.g. `webhook-disabled`, `no-webhook-url`. */
	skipped?: string;
	/** Set when the sender made its last attempt (delivered or given up). */
	finished?: boolean;
	signature?: SentSignature;
}

export interface TokenCount {
	requests: number;
	issued: number;
}

export interface RecordFilter {
	vendor?: string;
	kind?: string;
	/** Only records with seq greater than this. */
	since?: number;
}

/** An append-only list that forgets its oldest entries past `max` (trimmed in batches). */
class BoundedList<T> {
	items: T[] = [];
	constructor(private readonly max: () => number) {}

	push(item: T): void {
		this.items.push(item);
		const max = this.max();
		if (this.items.length > max + Math.ceil(max / 10)) this.items.splice(0, this.items.length - max);
	}

	clear(): void {
		this.items = [];
	}
}

const SECRET_KEY = /secret|password|^access_token$|^refresh_token$/i;
/** Headers carrying a credential as it is (Genesys's x-api-key, Webex's service `key`); signatures are not secrets. */
const SECRET_HEADER = /^x-api-key$|^key$|secret|password/i;

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const text = Array.isArray(value) ? value.join(', ') : value;
		out[name] =
			name === 'authorization' ? (/^bearer /i.test(text) ? 'Bearer <redacted>' : '<redacted>') : SECRET_HEADER.test(name) ? '<redacted>' : text;
	}
	return out;
}

/** A copy of a JSON value with secret-named string fields replaced by `<redacted>`. */
export function redactSecrets(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(redactSecrets);
	if (typeof value !== 'object' || value === null) return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) && typeof inner === 'string' ? '<redacted>' : redactSecrets(inner)]),
	);
}

/** Parsed JSON when the body is JSON, else the text; secrets in either form are redacted. */
export function recordableBody(raw: Buffer): unknown {
	const text = raw.toString('utf8');
	if (text === '') return '';
	try {
		return redactSecrets(JSON.parse(text));
	} catch {
		return text.replace(/(client_secret=)[^&]*/g, '$1<redacted>');
	}
}

function matches(record: { vendor: string; kind: string; seq: number }, filter: RecordFilter): boolean {
	return (
		(!filter.vendor || record.vendor === filter.vendor) &&
		(!filter.kind || record.kind === filter.kind) &&
		(filter.since === undefined || record.seq > filter.since)
	);
}

/** Called after every change to the records (for live views; see the sandbox console). */
export type RecordListener = () => void;

export class Recorder {
	private seq = 0;
	private readonly listeners = new Set<RecordListener>();
	private readonly requestList: BoundedList<RequestRecord>;
	private readonly acceptedList: BoundedList<AcceptedRecord>;
	private readonly deliveryList: BoundedList<DeliveryRecord>;
	private tokenCounts = new Map<string, Map<string, TokenCount>>();

	constructor(maxRecords: () => number) {
		this.requestList = new BoundedList(maxRecords);
		this.acceptedList = new BoundedList(maxRecords);
		this.deliveryList = new BoundedList(maxRecords);
	}

	nextSeq(): number {
		return ++this.seq;
	}

	/** The highest sequence number handed out so far. */
	lastSeq(): number {
		return this.seq;
	}

	/** Calls `listener` after every new record, delivery attempt and clear; returns the unsubscribe function. */
	subscribe(listener: RecordListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private changed(): void {
		for (const listener of this.listeners) listener();
	}

	request(entry: Omit<RequestRecord, 'seq' | 'at'>): RequestRecord {
		const record = { seq: this.nextSeq(), at: new Date().toISOString(), ...entry };
		this.requestList.push(record);
		this.changed();
		return record;
	}

	accept(entry: Omit<AcceptedRecord, 'seq' | 'at'>): AcceptedRecord {
		const record = { seq: this.nextSeq(), at: new Date().toISOString(), ...entry };
		this.acceptedList.push(record);
		this.changed();
		return record;
	}

	/** Starts a delivery record; the sender appends attempts to it as they happen. */
	delivery(entry: Omit<DeliveryRecord, 'seq' | 'at' | 'attempts' | 'delivered'>): DeliveryRecord {
		const record: DeliveryRecord = { seq: this.nextSeq(), at: new Date().toISOString(), attempts: this.attemptList(), delivered: false, ...entry };
		this.deliveryList.push(record);
		this.changed();
		return record;
	}

	/**
	 * An attempts array that reports each push: senders append attempts to the record they were
	 * given (every vendor's webhook sender does), and live views learn of them without each sender
	 * having to call back. `push` is a non-enumerable own property, so JSON and equality see a plain array.
	 */
	private attemptList(): DeliveryAttempt[] {
		const attempts: DeliveryAttempt[] = [];
		Object.defineProperty(attempts, 'push', {
			enumerable: false,
			value: (...items: DeliveryAttempt[]) => {
				const length = Array.prototype.push.apply(attempts, items);
				this.changed();
				return length;
			},
		});
		return attempts;
	}

	countToken(vendor: string, clientId: string, issued: boolean): void {
		let perVendor = this.tokenCounts.get(vendor);
		if (!perVendor) this.tokenCounts.set(vendor, (perVendor = new Map()));
		const count = perVendor.get(clientId) ?? { requests: 0, issued: 0 };
		count.requests += 1;
		if (issued) count.issued += 1;
		perVendor.set(clientId, count);
	}

	requests(filter: RecordFilter = {}): RequestRecord[] {
		return this.requestList.items.filter((record) => matches(record, filter));
	}

	accepted(filter: RecordFilter = {}): AcceptedRecord[] {
		return this.acceptedList.items.filter((record) => matches(record, filter));
	}

	deliveries(filter: RecordFilter = {}): DeliveryRecord[] {
		return this.deliveryList.items.filter((record) => matches(record, filter));
	}

	/** `{ vendor: { clientId: {requests, issued} } }` */
	tokens(): Record<string, Record<string, TokenCount>> {
		const out: Record<string, Record<string, TokenCount>> = {};
		for (const [vendor, perClient] of this.tokenCounts) {
			out[vendor] = Object.fromEntries([...perClient].map(([client, count]) => [client, { ...count }]));
		}
		return out;
	}

	clear(): void {
		this.requestList.clear();
		this.acceptedList.clear();
		this.deliveryList.clear();
		this.tokenCounts = new Map();
		this.changed();
	}
}

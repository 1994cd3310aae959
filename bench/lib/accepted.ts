/** Reads the sandbox's accepted messages incrementally (only those recorded since the last read). */
import type { SandboxClient } from '../../sandbox/client';
import type { AcceptedRecord } from '../../sandbox/recorder';
import { sleep } from './load';

/** Which accepted records to read, and the string that names the message in each (a bench tag starts it). */
export interface AcceptedSource {
	vendor: string;
	kind?: string;
	keyOf(record: AcceptedRecord): string;
}

/** Avaya Send Message requests, named by their text. */
export const AVAYA_SENDS: AcceptedSource = { vendor: 'avaya', keyOf: textOf };

/** Genesys receipts, named by the messageId they acknowledge. */
export const GENESYS_RECEIPTS: AcceptedSource = { vendor: 'genesys', kind: 'receipt', keyOf: (record) => record.id };

/** Alvaria Send Text calls, named by their text. */
export const ALVARIA_TEXTS: AcceptedSource = { vendor: 'alvaria', kind: 'sendText', keyOf: (record) => requestField(record, 'text') };

/** Webex Connect recipients (one record per number of a request), named by the SMS text. */
export const WEBEX_RECIPIENTS: AcceptedSource = { vendor: 'webex', kind: 'message', keyOf: (record) => requestField(record, 'text') };

/** CCAI Platform outbound SMS chats, named by their message. */
export const CCAI_CHATS: AcceptedSource = { vendor: 'ccai', kind: 'sms', keyOf: (record) => requestField(record, 'message') };

export class AcceptedLog {
	private since = 0;

	constructor(
		private readonly client: SandboxClient,
		private readonly source: AcceptedSource = AVAYA_SENDS,
	) {}

	async next(): Promise<AcceptedRecord[]> {
		const records = await this.client.accepted({ vendor: this.source.vendor, kind: this.source.kind, since: this.since });
		for (const record of records) this.since = Math.max(this.since, record.seq);
		return records;
	}

	keyOf(record: AcceptedRecord): string {
		return this.source.keyOf(record);
	}

	/** Collects new records until `want` of them have a key starting with `tag`, or the time runs out. */
	async collect(tag: string, want: number, timeoutMs: number): Promise<AcceptedRecord[]> {
		const found: AcceptedRecord[] = [];
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			found.push(...(await this.next()).filter((record) => this.keyOf(record).startsWith(tag)));
			if (found.length >= want || Date.now() > deadline) return found;
			await sleep(200);
		}
	}
}

export function textOf(record: AcceptedRecord): string {
	const request = record.request as { body?: { text?: unknown } } | undefined;
	return typeof request?.body?.text === 'string' ? request.body.text : '';
}

/** A top-level string field of what the sandbox accepted ('' when absent). */
function requestField(record: AcceptedRecord, field: string): string {
	const value = (record.request as Record<string, unknown> | undefined)?.[field];
	return typeof value === 'string' ? value : '';
}

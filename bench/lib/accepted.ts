/** Reads the sandbox's accepted messages incrementally (only those recorded since the last read). */
import type { SandboxClient } from '../../sandbox/client';
import type { AcceptedRecord } from '../../sandbox/recorder';
import { sleep } from './load';

export class AcceptedLog {
	private since = 0;

	constructor(private readonly client: SandboxClient) {}

	async next(): Promise<AcceptedRecord[]> {
		const records = await this.client.accepted({ vendor: 'avaya', since: this.since });
		for (const record of records) this.since = Math.max(this.since, record.seq);
		return records;
	}

	/** Collects new records until `want` of them carry a text starting with `tag`, or the time runs out. */
	async collect(tag: string, want: number, timeoutMs: number): Promise<AcceptedRecord[]> {
		const found: AcceptedRecord[] = [];
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			found.push(...(await this.next()).filter((record) => textOf(record).startsWith(tag)));
			if (found.length >= want || Date.now() > deadline) return found;
			await sleep(200);
		}
	}
}

export function textOf(record: AcceptedRecord): string {
	const request = record.request as { body?: { text?: unknown } } | undefined;
	return typeof request?.body?.text === 'string' ? request.body.text : '';
}

/**
 * The baseline of the Webex Connect send path: plain undici posting the same batched Send SMS
 * requests (up to 1000 destinations each) straight to the sandbox, with the service key and the
 * node's concurrency. Webex answers HTTP 200 with one `1001 Queued` entry per destination.
 */
import type { Pool } from 'undici';

import { AUTH_HEADERS, DELIVERY_CHANNEL_SMS, LIMITS, SEND_PATH, answerEntries, isQueued, type SendAnswer, type SendRequest } from '../../nodes/WebexConnect/contract';
import { rawPool, timedLoad, type RawBatchResult } from './rawLoad';

export interface RawWebexBatch {
	numbers: string[];
	text: string;
	concurrency: number;
	timeLimitMs: number;
}

export class RawWebexSender {
	private readonly pool: Pool;
	private readonly path: string;

	constructor(
		baseUrl: string,
		private readonly serviceKey: string,
	) {
		this.pool = rawPool(baseUrl);
		this.path = `${new URL(baseUrl).pathname.replace(/\/$/, '')}${SEND_PATH}`;
	}

	/** Sends `text` to every number, LIMITS.destinations per request; `sent` counts the destinations Webex queued. */
	async send(batch: RawWebexBatch): Promise<RawBatchResult> {
		const requests = Math.ceil(batch.numbers.length / LIMITS.destinations);
		const headers = { [AUTH_HEADERS.serviceKey]: this.serviceKey, 'content-type': 'application/json' };
		const load = { count: requests, concurrency: batch.concurrency, timeLimitMs: batch.timeLimitMs };
		return timedLoad(load, batch.numbers.length, async () => undefined, async (index) => {
			const numbers = batch.numbers.slice(index * LIMITS.destinations, (index + 1) * LIMITS.destinations);
			const body: SendRequest = {
				deliverychannel: DELIVERY_CHANNEL_SMS,
				channels: { sms: { text: batch.text } },
				destination: numbers.map((msisdn) => ({ msisdn: [msisdn] })),
			};
			const response = await this.pool.request({ method: 'POST', path: this.path, headers, body: JSON.stringify(body) });
			const answer = (await response.body.json()) as SendAnswer;
			return response.statusCode === 200 ? answerEntries(answer).filter(isQueued).length : 0;
		});
	}

	async close(): Promise<void> {
		await this.pool.close();
	}
}

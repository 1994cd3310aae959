/**
 * The baseline of the Avaya send path: plain undici posting the same Send Message requests straight
 * to the sandbox, with one token and the same concurrency as the node.
 */
import { request, type Pool } from 'undici';

import { OPENID_GRANT_PATH, SEND_PATHS, type SendMessageRequest } from '../../nodes/AvayaInfinity/contract';
import { rawPool, timedLoad, type RawBatchResult } from './rawLoad';

export type { RawBatchResult };

export interface RawClientOptions {
	avayaBaseUrl: string;
	clientId: string;
	clientSecret: string;
	connectorId: string;
}

export interface RawBatch {
	count: number;
	concurrency: number;
	tag: string;
	from: string;
	destination: string;
	timeLimitMs: number;
}

export class RawUndiciSender {
	private readonly pool: Pool;
	private token?: string;

	constructor(private readonly options: RawClientOptions) {
		this.pool = rawPool(options.avayaBaseUrl);
	}

	private async fetchToken(): Promise<string> {
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: this.options.clientId,
			client_secret: this.options.clientSecret,
		});
		const response = await request(`${this.options.avayaBaseUrl}${OPENID_GRANT_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form.toString(),
		});
		const body = (await response.body.json()) as { access_token?: string };
		if (response.statusCode !== 200 || !body.access_token) throw new Error(`raw token request answered ${response.statusCode}`);
		return body.access_token;
	}

	/** Sends `count` messages; the timed span includes the token request when there is no token yet. */
	async send(batch: RawBatch): Promise<RawBatchResult> {
		const path = `${new URL(this.options.avayaBaseUrl).pathname}${SEND_PATHS.customMessaging}`;
		let headers: Record<string, string> = {};
		const prepare = async () => {
			this.token ??= await this.fetchToken();
			headers = { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', accept: 'application/json' };
		};
		const load = { count: batch.count, concurrency: batch.concurrency, timeLimitMs: batch.timeLimitMs };
		return timedLoad(load, batch.count, prepare, async (index) => {
			const message: SendMessageRequest = {
				connectorId: this.options.connectorId,
				channel: 'text',
				headers: { from: batch.from, to: [batch.destination], destination: batch.destination },
				body: { text: `${batch.tag}-${index}` },
			};
			const response = await this.pool.request({ method: 'POST', path, headers, body: JSON.stringify(message) });
			const answer = (await response.body.json()) as { messageId?: string };
			return response.statusCode === 200 && typeof answer.messageId === 'string' ? 1 : 0;
		});
	}

	async close(): Promise<void> {
		await this.pool.close();
	}
}

/**
 * The baseline of the Alvaria send path: plain undici posting the same Send Text requests straight to
 * the sandbox, with one token (HTTP Basic client auth, `realm`) and the node's concurrency.
 */
import type { Pool } from 'undici';

import { HEADERS, messagingPath, tokenForm, tokenPath, type EntityType, type SendTextRequest } from '../../nodes/Alvaria/contract';
import { rawPool, timedLoad, type RawBatchResult } from './rawLoad';

export interface RawAlvariaOptions {
	/** The sandbox's Alvaria mount: token host and API base URL at once. */
	baseUrl: string;
	orgId: string;
	clientId: string;
	clientSecret: string;
	apiKey: string;
	userId: string;
	sessionId: string;
}

export interface RawAlvariaBatch {
	count: number;
	concurrency: number;
	tag: string;
	interactionId: string;
	entityName: string;
	entityType: EntityType;
	timeLimitMs: number;
}

export class RawAlvariaSender {
	private readonly pool: Pool;
	private readonly basePath: string;
	private token?: string;

	constructor(private readonly options: RawAlvariaOptions) {
		this.pool = rawPool(options.baseUrl);
		this.basePath = new URL(options.baseUrl).pathname.replace(/\/$/, '');
	}

	private async fetchToken(): Promise<string> {
		const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
		const response = await this.pool.request({
			method: 'POST',
			path: `${this.basePath}${tokenPath(this.options.orgId)}`,
			headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
			body: tokenForm(this.options.orgId).toString(),
		});
		const body = (await response.body.json()) as { access_token?: string };
		if (response.statusCode !== 200 || !body.access_token) throw new Error(`raw Alvaria token request answered ${response.statusCode}`);
		return body.access_token;
	}

	/** Sends `count` texts (`{tag}-{index}`); the timed span includes the token request when there is no token yet. */
	async send(batch: RawAlvariaBatch): Promise<RawBatchResult> {
		const path = `${this.basePath}${messagingPath(this.options.orgId, this.options.userId, 'sendText')}`;
		let headers: Record<string, string> = {};
		const prepare = async () => {
			this.token ??= await this.fetchToken();
			headers = {
				authorization: `Bearer ${this.token}`,
				[HEADERS.apiKey]: this.options.apiKey,
				[HEADERS.sessionId]: this.options.sessionId,
				'content-type': 'application/json',
			};
		};
		const load = { count: batch.count, concurrency: batch.concurrency, timeLimitMs: batch.timeLimitMs };
		return timedLoad(load, batch.count, prepare, async (index) => {
			const body: SendTextRequest = {
				interactionId: batch.interactionId,
				entityName: batch.entityName,
				entityType: batch.entityType,
				text: `${batch.tag}-${index}`,
			};
			const response = await this.pool.request({ method: 'POST', path, headers, body: JSON.stringify(body) });
			await response.body.dump();
			return response.statusCode === 202 ? 1 : 0;
		});
	}

	async close(): Promise<void> {
		await this.pool.close();
	}
}

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { readRaw } from './http';

export interface ReceivedWebhook {
	at: number;
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	raw: Buffer;
}

/**
 * A stand-in webhook endpoint (for tests and demos without n8n): captures every request and
 * answers with the scripted statuses in order (the last one repeats).
 */
export interface WebhookReceiver {
	url: string;
	received: ReceivedWebhook[];
	/** Answers to give from now on, e.g. [503, 503, 200]. */
	respondWith(statuses: number[]): void;
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
	close(): Promise<void>;
}

export async function startWebhookReceiver(statuses: number[] = [200]): Promise<WebhookReceiver> {
	let script = [...statuses];
	const received: ReceivedWebhook[] = [];
	const waiters: Array<() => void> = [];
	const server = createServer(async (req, res) => {
		const raw = await readRaw(req);
		received.push({ at: performance.now(), method: req.method ?? '', path: req.url ?? '/', headers: req.headers, raw });
		const status = script.length > 1 ? (script.shift() as number) : (script[0] ?? 200);
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ received: true, status }));
		for (const wake of waiters.splice(0)) wake();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/webhook`,
		received,
		respondWith(next) {
			script = [...next];
		},
		async waitFor(count, timeoutMs = 5000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count) {
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`expected ${count} webhook requests, got ${received.length}`);
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, left);
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
			return received.slice(0, count);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

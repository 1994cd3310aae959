import * as http from 'node:http';

import { probeStatus } from './n8nProcess';
import { freePort } from './ports';

/**
 * What an operator puts in front of n8n: `/webhook/…` goes to the webhook processes in turn (queue
 * mode; in one-process mode the only backend is n8n itself), everything else to the main process.
 * - Health-checked, as a load balancer with readiness probes is: a webhook process gets requests
 *   only while n8n's `/healthz/readiness` answers 200 (n8n answers 404 to production webhooks for a
 *   while after it starts, and Avaya does not retry a 404); with none ready the answer is 503 with
 *   Retry-After, which every vendor here retries.
 * - Like nginx's default `proxy_next_upstream error`, a request goes to the next webhook process only
 *   when the connection was refused (nothing was sent); a connection lost after the request was sent
 *   answers 502 (the vendor decides to retry). A client that hangs up closes the upstream request too.
 * - Like nginx's `client_max_body_size`, a body over n8n's own limit (16 MiB) is answered 413 here.
 * - `webhookNotFoundAs503`: a 404 from n8n on `/webhook/…` becomes 503 (nginx: `proxy_intercept_errors`
 *   with `error_page 404 =503`): one n8n process registers its workflows' webhooks only some seconds
 *   after its restart, and in queue mode a webhook process answers 404 "Cannot find workflow" while
 *   Redis, restarted, is still loading its data (n8n's workflow-owner cache lookup fails).
 */
export interface WebhookBalancer {
	url: string;
	port: number;
	/** Requests each webhook process answered, in the order of `webhookPorts`. */
	answeredBy(): number[];
	close(): Promise<void>;
}

export interface WebhookBalancerOptions {
	mainPort: number;
	webhookPorts: number[];
	port?: number;
	maxBodyBytes?: number;
	webhookNotFoundAs503?: boolean;
	/** How often each webhook process's readiness is probed. */
	probeEveryMs?: number;
	/**
	 * Failed probes in a row before a webhook process gets no more requests (a readiness probe's
	 * failure threshold; default 1). A refused connection takes it out at once whatever this says.
	 */
	failedProbesBeforeNotReady?: number;
}

/** n8n's default N8N_PAYLOAD_SIZE_MAX. */
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);
const RETRY_AFTER_SECONDS = '2';

/** The whole body, or undefined once it grows past `maxBytes`. */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBytes) {
				req.off('data', onData);
				req.resume();
				resolve(undefined);
				return;
			}
			chunks.push(chunk);
		};
		req.on('data', onData);
		req.once('end', () => resolve(Buffer.concat(chunks)));
		req.once('error', reject);
	});
}

type Forwarded = { ok: true } | { ok: false; refused: boolean };

function answer(res: http.ServerResponse, status: number, message: string, headers: http.OutgoingHttpHeaders = {}): void {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify({ message }));
}

function forward(
	req: http.IncomingMessage,
	body: Buffer,
	res: http.ServerResponse,
	port: number,
	notFoundAs503: boolean,
): Promise<Forwarded> {
	return new Promise((resolve) => {
		const headers: http.OutgoingHttpHeaders = {};
		for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
		headers['content-length'] = String(body.length);
		const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false }, (reply) => {
			if (notFoundAs503 && reply.statusCode === 404) {
				reply.resume();
				answer(res, 503, 'The webhook is not registered (yet): retry later', { 'retry-after': RETRY_AFTER_SECONDS });
				resolve({ ok: true });
				return;
			}
			const out: http.OutgoingHttpHeaders = {};
			for (const [name, value] of Object.entries(reply.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
			res.writeHead(reply.statusCode ?? 502, out);
			reply.pipe(res);
			reply.once('end', () => resolve({ ok: true }));
			reply.once('error', () => {
				res.destroy();
				resolve({ ok: true });
			});
		});
		// The vendor hung up (its timeout): n8n sees the connection close, as behind nginx.
		res.once('close', () => {
			if (!res.writableFinished) upstream.destroy();
		});
		upstream.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, refused: error.code === 'ECONNREFUSED' }));
		upstream.end(body);
	});
}

async function isReady(port: number): Promise<boolean> {
	return (await probeStatus(`http://127.0.0.1:${port}/healthz/readiness`, 1000)) === 200;
}

export async function startWebhookBalancer(options: WebhookBalancerOptions): Promise<WebhookBalancer> {
	const port = options.port ?? (await freePort());
	const answered = options.webhookPorts.map(() => 0);
	const ready = await Promise.all(options.webhookPorts.map(isReady));
	let next = 0;
	let closed = false;

	const failedProbes = options.webhookPorts.map(() => 0);
	const threshold = options.failedProbesBeforeNotReady ?? 1;
	const probe = async () => {
		while (!closed) {
			const states = await Promise.all(options.webhookPorts.map(isReady));
			states.forEach((state, i) => {
				failedProbes[i] = state ? 0 : failedProbes[i] + 1;
				if (state || failedProbes[i] >= threshold) ready[i] = state;
			});
			await new Promise((resolve) => setTimeout(resolve, options.probeEveryMs ?? 250));
		}
	};
	const probing = probe();

	const webhookTargets = () => {
		const order = options.webhookPorts.map((_, i) => (next + i) % options.webhookPorts.length).filter((i) => ready[i]);
		next = (next + 1) % options.webhookPorts.length;
		return order;
	};

	const server = http.createServer((req, res) => {
		void (async () => {
			const body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
			if (!body) return answer(res, 413, 'Request body too large', { connection: 'close' });
			const isWebhook = (req.url ?? '').startsWith('/webhook/');
			const targets = isWebhook ? webhookTargets() : [-1];
			if (targets.length === 0) return answer(res, 503, 'No n8n webhook process is ready', { 'retry-after': RETRY_AFTER_SECONDS });
			for (const target of targets) {
				const backend = target === -1 ? options.mainPort : options.webhookPorts[target];
				const result = await forward(req, body, res, backend, isWebhook && !!options.webhookNotFoundAs503);
				if (result.ok) {
					if (target >= 0) answered[target]++;
					return;
				}
				if (!result.refused) break;
				if (target >= 0) ready[target] = false;
			}
			if (res.headersSent) res.destroy();
			else answer(res, 502, 'Bad gateway: no n8n process answered');
		})().catch(() => res.destroy());
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		answeredBy: () => [...answered],
		close: async () => {
			closed = true;
			await probing;
			await new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			});
		},
	};
}

import * as http from 'node:http';

import { freePort } from './ports';

/**
 * What an operator puts in front of n8n's queue mode: `/webhook/…` goes to the webhook processes in
 * turn, everything else to the main process. Like nginx's default `proxy_next_upstream error`, a
 * request is passed to the next webhook process only when the connection was refused (nothing was
 * sent); a connection lost after the request was sent answers 502 (the vendor decides to retry).
 * Like nginx's `client_max_body_size`, a body over n8n's own limit (16 MiB) is answered 413 here.
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
}

/** n8n's default N8N_PAYLOAD_SIZE_MAX. */
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

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

function forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, port: number): Promise<Forwarded> {
	return new Promise((resolve) => {
		const headers: http.OutgoingHttpHeaders = {};
		for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
		headers['content-length'] = String(body.length);
		const upstream = http.request(
			{ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false },
			(answer) => {
				const out: http.OutgoingHttpHeaders = {};
				for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
				res.writeHead(answer.statusCode ?? 502, out);
				answer.pipe(res);
				answer.once('end', () => resolve({ ok: true }));
				answer.once('error', () => {
					res.destroy();
					resolve({ ok: true });
				});
			},
		);
		upstream.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, refused: error.code === 'ECONNREFUSED' }));
		upstream.end(body);
	});
}

export async function startWebhookBalancer(options: WebhookBalancerOptions): Promise<WebhookBalancer> {
	const port = options.port ?? (await freePort());
	const answered = options.webhookPorts.map(() => 0);
	let next = 0;

	const server = http.createServer((req, res) => {
		void (async () => {
			const body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
			if (!body) {
				res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
				res.end(JSON.stringify({ message: 'Request body too large' }));
				return;
			}
			const isWebhook = (req.url ?? '').startsWith('/webhook/');
			const targets = isWebhook
				? options.webhookPorts.map((_, i) => (next + i) % options.webhookPorts.length)
				: [-1];
			if (isWebhook) next = (next + 1) % options.webhookPorts.length;
			for (const target of targets) {
				const result = await forward(req, body, res, target === -1 ? options.mainPort : options.webhookPorts[target]);
				if (result.ok) {
					if (target >= 0) answered[target]++;
					return;
				}
				if (!result.refused) break;
			}
			if (!res.headersSent) {
				res.writeHead(502, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: 'Bad gateway: no n8n process answered' }));
			} else {
				res.destroy();
			}
		})().catch(() => res.destroy());
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		answeredBy: () => [...answered],
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

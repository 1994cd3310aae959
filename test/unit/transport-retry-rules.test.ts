/**
 * The transport's retry rules, each retried and each never-retried case, against real loopback
 * servers (and undici's MockAgent where a network fault cannot be produced deterministically).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { MockAgent } from 'undici';

import { TransportError, closeAllPools, parseRetryAfter, send } from '../../nodes/shared/transport';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number, body: string) => void;

async function serve(handler: Handler): Promise<{ url: string; hits: string[]; server: Server }> {
	const hits: string[] = [];
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			hits.push(body);
			handler(req, res, hits.length, body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

const fast = { baseDelayMs: 10, maxDelayMs: 50 };
const servers: Server[] = [];
async function track(p: ReturnType<typeof serve>) {
	const s = await p;
	servers.push(s.server);
	return s;
}

afterEach(async () => {
	await closeAllPools();
	await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('retried: the vendor provably did not accept the request', () => {
	test('429 with Retry-After in seconds is retried after the wait', async () => {
		const { url, hits } = await track(
			serve((_q, res, n) => {
				if (n === 1) res.writeHead(429, { 'retry-after': '1' }).end('{"error":"slow down"}');
				else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			}),
		);
		const started = Date.now();
		const response = await send({ method: 'POST', url, json: { text: 'hi' }, retry: fast });
		expect(response.status).toBe(200);
		expect(response.attempts).toBe(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(hits).toEqual(['{"text":"hi"}', '{"text":"hi"}']);
	});

	test('429 with Retry-After as an HTTP date is honoured', async () => {
		const { url, hits } = await track(
			serve((_q, res, n) => {
				if (n === 1) res.writeHead(429, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }).end();
				else res.writeHead(200).end('{}');
			}),
		);
		const started = Date.now();
		const response = await send({ method: 'POST', url, json: {}, retry: fast });
		expect(response.status).toBe(200);
		expect(hits).toHaveLength(2);
		// HTTP dates have one-second resolution: at least ~1 s must have passed.
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	test('503 without Retry-After is retried with backoff', async () => {
		const { url, hits } = await track(
			serve((_q, res, n) => (n < 3 ? res.writeHead(503).end() : res.writeHead(200).end('{"ok":1}'))),
		);
		const response = await send({ method: 'POST', url, json: {}, retry: fast });
		expect(response.status).toBe(200);
		expect(response.attempts).toBe(3);
		expect(hits).toHaveLength(3);
	});

	test('429 keeps its answer once attempts run out', async () => {
		const { url, hits } = await track(serve((_q, res) => res.writeHead(429, { 'retry-after': '0' }).end('{"e":1}')));
		const response = await send({ method: 'POST', url, json: {}, retry: { ...fast, maxAttempts: 3 } });
		expect(response.status).toBe(429);
		expect(response.attempts).toBe(3);
		expect(hits).toHaveLength(3);
	});

	test('a Retry-After longer than the cap is not waited for and not retried', async () => {
		const { url, hits } = await track(serve((_q, res) => res.writeHead(429, { 'retry-after': '3600' }).end()));
		const response = await send({ method: 'POST', url, json: {}, retry: { ...fast, maxRetryAfterMs: 5000 } });
		expect(response.status).toBe(429);
		expect(hits).toHaveLength(1);
	});

	test('connection refused is retried, then fails saying the vendor never got it', async () => {
		const probe = createTcpServer();
		await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
		const port = (probe.address() as AddressInfo).port;
		await new Promise((r) => probe.close(r));
		const error = await send({ method: 'POST', url: `http://127.0.0.1:${port}/x`, json: {}, retry: { ...fast, maxAttempts: 3 } }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).code).toBe('ECONNREFUSED');
		expect((error as TransportError).attempts).toBe(3);
		expect((error as TransportError).delivered).toBe('no');
	});

	test('connection refused then a server that comes up: the retry gets through', async () => {
		const probe = createTcpServer();
		await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
		const port = (probe.address() as AddressInfo).port;
		await new Promise((r) => probe.close(r));
		const hits: string[] = [];
		const late = createServer((req, res) => {
			req.resume();
			hits.push(req.url ?? '');
			res.end('{"ok":true}');
		});
		servers.push(late);
		setTimeout(() => late.listen(port, '127.0.0.1'), 100);
		const response = await send({ method: 'POST', url: `http://127.0.0.1:${port}/x`, json: {}, retry: { baseDelayMs: 200, maxDelayMs: 400, maxAttempts: 8 } });
		expect(response.status).toBe(200);
		expect(response.attempts).toBeGreaterThan(1);
		expect(hits).toEqual(['/x']);
	});

	test('a reset before the request was written is retried (simulated network)', async () => {
		const agent = new MockAgent();
		agent.disableNetConnect();
		const pool = agent.get('http://vendor.test');
		pool.intercept({ path: '/send', method: 'POST' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		pool.intercept({ path: '/send', method: 'POST' }).reply(200, { ok: true });
		const response = await send({ method: 'POST', url: 'http://vendor.test/send', json: {}, retry: fast, dispatcher: agent });
		expect(response.status).toBe(200);
		expect(response.attempts).toBe(2);
		await agent.close();
	});

	test('DNS failure (ENOTFOUND) is retried', async () => {
		const agent = new MockAgent();
		agent.disableNetConnect();
		const pool = agent.get('http://vendor.test');
		pool.intercept({ path: '/send', method: 'POST' }).replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
		pool.intercept({ path: '/send', method: 'POST' }).reply(200, {});
		const response = await send({ method: 'POST', url: 'http://vendor.test/send', json: {}, retry: fast, dispatcher: agent });
		expect(response.attempts).toBe(2);
		await agent.close();
	});
});

describe('never retried: the vendor may have accepted the request', () => {
	test.each([500, 502, 504, 400, 401, 403])('HTTP %i is returned after one attempt', async (status) => {
		const { url, hits } = await track(serve((_q, res) => res.writeHead(status).end('{"error":"x"}')));
		const response = await send({ method: 'POST', url, json: {}, retry: fast });
		expect(response.status).toBe(status);
		expect(response.attempts).toBe(1);
		expect(hits).toHaveLength(1);
	});

	test('a reset after the request was written is not retried', async () => {
		const { url, hits } = await track(serve((req) => req.socket.destroy()));
		const error = await send({ method: 'POST', url, json: { text: 'once' }, retry: fast }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).delivered).toBe('unknown');
		expect((error as TransportError).message).toMatch(/may have received the request/);
		expect(hits).toHaveLength(1);
	});

	test('an answer slower than the timeout is not retried', async () => {
		const { url, hits } = await track(serve(() => undefined));
		const error = await send({ method: 'POST', url, json: {}, retry: fast, timeouts: { headersMs: 300 } }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).code).toBe('UND_ERR_HEADERS_TIMEOUT');
		expect((error as TransportError).delivered).toBe('unknown');
		expect(hits).toHaveLength(1);
	});

	test('a reset once the answer had begun is not retried', async () => {
		const { url, hits } = await track(
			serve((_q, res) => {
				res.writeHead(200, { 'content-length': '100' });
				res.write('{"partial":');
				setTimeout(() => res.socket?.destroy(), 20);
			}),
		);
		const error = await send({ method: 'POST', url, json: {}, retry: fast }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TransportError);
		expect(hits).toHaveLength(1);
	});
});

describe('pooling and parsing', () => {
	test('requests to one origin reuse keep-alive connections', async () => {
		const sockets = new Set<unknown>();
		const { url } = await track(
			serve((req, res) => {
				sockets.add(req.socket);
				res.end('{}');
			}),
		);
		for (let i = 0; i < 20; i++) await send({ method: 'GET', url });
		// Sequential requests may catch the pool's one client a tick before it is free again,
		// so a second connection can open; without pooling there would be twenty.
		expect(sockets.size).toBeLessThanOrEqual(2);
	});

	test('Retry-After parsing', () => {
		expect(parseRetryAfter('5')).toBe(5000);
		expect(parseRetryAfter('0.5')).toBe(500);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT'))).toBe(2000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

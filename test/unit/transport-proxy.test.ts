/** HTTP_PROXY / NO_PROXY are honoured: requests tunnel through the proxy unless the host is excluded. */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

import { closeAllPools, send } from '../../nodes/shared/transport';

let target: Server;
let proxy: Server;
let targetUrl: string;
let proxyUrl: string;
const tunnels: string[] = [];

beforeAll(async () => {
	target = createServer((req, res) => {
		req.resume();
		res.end(JSON.stringify({ path: req.url }));
	});
	await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
	targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
	proxy = createServer((_req, res) => res.writeHead(405).end());
	proxy.on('connect', (req, client: Socket) => {
		tunnels.push(req.url ?? '');
		const [host, port] = (req.url ?? '').split(':');
		const upstream = connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
	proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

const saved = { ...process.env };
afterEach(async () => {
	process.env = { ...saved };
	tunnels.length = 0;
	await closeAllPools();
});
afterAll(async () => {
	await new Promise((r) => target.close(r));
	await new Promise((r) => proxy.close(r));
});

test('with HTTP_PROXY set, the request goes through the proxy', async () => {
	process.env.HTTP_PROXY = proxyUrl;
	delete process.env.NO_PROXY;
	delete process.env.no_proxy;
	const response = await send({ method: 'GET', url: `${targetUrl}/through-proxy` });
	expect(response.json()).toEqual({ path: '/through-proxy' });
	expect(tunnels).toEqual([new URL(targetUrl).host]);
});

test('a host listed in NO_PROXY is reached directly', async () => {
	process.env.HTTP_PROXY = proxyUrl;
	process.env.NO_PROXY = '127.0.0.1';
	const response = await send({ method: 'GET', url: `${targetUrl}/direct` });
	expect(response.json()).toEqual({ path: '/direct' });
	expect(tunnels).toEqual([]);
});

test('without proxy variables, no proxy is used', async () => {
	for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy']) delete process.env[name];
	await send({ method: 'GET', url: `${targetUrl}/plain` });
	expect(tunnels).toEqual([]);
});

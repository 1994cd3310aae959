/** The client-credentials cache: one fetch for concurrent callers, early refresh, one refetch on 401. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	TokenRequestError,
	cacheKey,
	clearTokenCache,
	clientCredentialsToken,
	clientCredentialsSource,
	jwtExpiry,
	type ClientCredentials,
} from '../../nodes/shared/tokenCache';
import { closeAllPools } from '../../nodes/shared/transport';
import { VendorError } from '../../nodes/shared/errors';
import { callVendor, type VendorApi } from '../../nodes/shared/vendorHttp';

const SECRET = 'client-secret-example';

function jwt(expSeconds: number, id: number): string {
	const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
	return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ exp: expSeconds, jti: `t${id}` })}.sig`;
}

interface TokenServer {
	url: string;
	mints: number;
	forms: URLSearchParams[];
	expiresIn: number;
	jwtLifetimeS: number;
	rejectedTokens: Set<string>;
	rejectAll: boolean;
	server: Server;
}

async function tokenServer(): Promise<TokenServer> {
	const state = { mints: 0, forms: [] as URLSearchParams[], expiresIn: 900, jwtLifetimeS: 900, rejectedTokens: new Set<string>(), rejectAll: false };
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			if (req.url === '/token') {
				const form = new URLSearchParams(body);
				state.forms.push(form);
				if (form.get('client_secret') !== SECRET) {
					res.writeHead(401, { 'content-type': 'application/json' });
					res.end('{"error":"invalid_client","error_description":"Invalid client or Invalid client credentials"}');
					return;
				}
				state.mints++;
				// A short delay makes concurrent callers overlap the one request in flight.
				setTimeout(() => {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ access_token: jwt(Math.floor(Date.now() / 1000) + state.jwtLifetimeS, state.mints), expires_in: state.expiresIn, token_type: 'Bearer' }));
				}, 30);
				return;
			}
			const token = (req.headers.authorization ?? '').replace('Bearer ', '');
			res.writeHead(state.rejectAll || state.rejectedTokens.has(token) ? 401 : 200).end(JSON.stringify({ token }));
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return Object.assign(state, { url, server });
}

let vendor: TokenServer;
let credentials: ClientCredentials;

beforeEach(async () => {
	clearTokenCache();
	vendor = await tokenServer();
	credentials = { tokenUrl: `${vendor.url}/token`, clientId: 'client-1', clientSecret: SECRET };
});

afterEach(async () => {
	await closeAllPools();
	await new Promise((r) => vendor.server.close(r));
});

test('fifty concurrent callers share one token request', async () => {
	const tokens = await Promise.all(Array.from({ length: 50 }, () => clientCredentialsToken(credentials)));
	expect(vendor.mints).toBe(1);
	expect(new Set(tokens).size).toBe(1);
	// The grant is form-encoded client credentials in the body.
	expect(vendor.forms[0].get('grant_type')).toBe('client_credentials');
	expect(vendor.forms[0].get('client_id')).toBe('client-1');
});

test('a cached token is reused until it is due for refresh', async () => {
	await clientCredentialsToken(credentials);
	for (let i = 0; i < 20; i++) await clientCredentialsToken(credentials);
	expect(vendor.mints).toBe(1);
});

test('the token is refreshed before it expires, not after', async () => {
	vendor.expiresIn = 2; // refresh margin: half of a short lifetime, here 1 s
	const first = await clientCredentialsToken(credentials);
	await new Promise((r) => setTimeout(r, 1100));
	const second = await clientCredentialsToken(credentials);
	expect(second).not.toBe(first);
	expect(vendor.mints).toBe(2);
	expect(jwtExpiry(first)).toBeGreaterThan(Date.now()); // the old token was still valid when replaced
});

test('the earlier of expires_in and the JWT exp decides', async () => {
	vendor.expiresIn = 900;
	vendor.jwtLifetimeS = 2;
	await clientCredentialsToken(credentials);
	await new Promise((r) => setTimeout(r, 1100));
	await clientCredentialsToken(credentials);
	expect(vendor.mints).toBe(2);
});

/** The vendor HTTP helper with bearer auth from this cache; `seen` collects the tokens it sent. */
function bearerApi(seen: string[] = []): VendorApi {
	const source = clientCredentialsSource(credentials);
	return {
		vendor: 'Vendor',
		auth: { kind: 'bearer', token: { key: source.key, mint: () => source.mint() } },
		refusal: (response) => {
			seen.push((response.json() as { token?: string } | undefined)?.token ?? '');
			return response.status === 200 ? undefined : { message: `HTTP ${response.status}` };
		},
	};
}

test('a 401 drops the token, fetches a new one and sends once more', async () => {
	const stale = await clientCredentialsToken(credentials);
	vendor.rejectedTokens.add(stale);
	const calls: string[] = [];
	const api = bearerApi(calls);
	const response = await callVendor(api, { method: 'POST', url: `${vendor.url}/send`, json: {} });
	expect(response.status).toBe(200);
	expect((response.json() as { token: string }).token).not.toBe(stale);
	expect(vendor.mints).toBe(2);
});

test('a second 401 is the vendor\'s refusal, not retried again', async () => {
	vendor.rejectAll = true;
	const seen: string[] = [];
	const error = await callVendor(bearerApi(seen), { method: 'POST', url: `${vendor.url}/send`, json: {} }).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(VendorError);
	expect((error as VendorError).status).toBe(401);
	expect(seen).toHaveLength(1); // the refusal is read once, after the one retry
	expect(vendor.mints).toBe(2);
});

test('concurrent 401s trigger one refetch, not one per caller', async () => {
	const stale = await clientCredentialsToken(credentials);
	vendor.rejectedTokens.add(stale);
	const api = bearerApi();
	await Promise.all(Array.from({ length: 10 }, () => callVendor(api, { method: 'POST', url: `${vendor.url}/send`, json: {} })));
	expect(vendor.mints).toBe(2);
});

test('a refused grant is an error with the vendor\'s text and without the secret; it is not cached', async () => {
	const wrong = { ...credentials, clientSecret: 'wrong-secret-example' };
	const error = await clientCredentialsToken(wrong).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(TokenRequestError);
	expect((error as TokenRequestError).status).toBe(401);
	expect((error as Error).message).toContain('invalid_client');
	expect(JSON.stringify(error) + (error as Error).message).not.toContain('wrong-secret-example');
	await clientCredentialsToken(wrong).catch(() => undefined);
	expect(vendor.forms).toHaveLength(2); // asked again: failures are not cached
});

test('the cache key never contains the secret and differs per secret', () => {
	const key = cacheKey(credentials);
	expect(key).not.toContain(SECRET);
	expect(cacheKey({ ...credentials, clientSecret: 'other-example' })).not.toBe(key);
});

test('Basic client authentication sends the pair in the Authorization header', async () => {
	let authorization = '';
	const server = createServer((req, res) => {
		authorization = req.headers.authorization ?? '';
		req.resume();
		res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"opaque","expires_in":3599}');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
	await clientCredentialsToken({ tokenUrl: url, clientId: 'id', clientSecret: 'pw-example', clientAuth: 'basic' });
	expect(authorization).toBe(`Basic ${Buffer.from('id:pw-example').toString('base64')}`);
	await new Promise((r) => server.close(r));
});

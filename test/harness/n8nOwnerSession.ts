/**
 * A signed-in session of n8n's owner over its internal REST API (what the editor uses), for doing
 * what an operator does in the editor. The same calls in n8n 2.8 and 2.41: `POST /rest/owner/setup`
 * (works once per instance), `POST /rest/login` with `emailOrLdapLoginId`; the session is the
 * `n8n-auth` cookie, bound to the `browser-id` header it was issued with.
 */
import { randomUUID } from 'node:crypto';

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export type OwnerSignIn =
	| { status: 'created' | 'exists'; session: N8nOwnerSession }
	| { status: 'exists-other-password'; session?: undefined };

const AUTH_COOKIE = 'n8n-auth';

export class N8nOwnerSession {
	constructor(
		readonly n8nUrl: string,
		private readonly cookie: string,
		private readonly browserId: string,
	) {}

	/** A JSON request to `/rest<path>`; answers n8n's `data` (n8n wraps REST answers in `{ data }`). */
	async request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.n8nUrl}/rest${path}`, {
			method,
			headers: { ...jsonHeaders(this.browserId), cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n ${method} /rest${path} answered ${response.status}: ${text.slice(0, 300)}`);
		const parsed = (text ? JSON.parse(text) : undefined) as { data?: T } | undefined;
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}
}

function jsonHeaders(browserId: string): Record<string, string> {
	return { 'content-type': 'application/json', 'browser-id': browserId };
}

function authCookieOf(response: Response): string | undefined {
	const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${AUTH_COOKIE}=`));
	return cookie?.split(';')[0];
}

/**
 * Sets up n8n's owner account with `owner` if the instance has none yet, else logs in as it.
 * `exists-other-password` when an owner exists and `owner`'s password is not its password.
 */
export async function signInAsOwner(n8nUrl: string, owner: OwnerAccount): Promise<OwnerSignIn> {
	const browserId = randomUUID();
	const headers = jsonHeaders(browserId);
	const setup = await fetch(`${n8nUrl}/rest/owner/setup`, { method: 'POST', headers, body: JSON.stringify(owner) });
	await setup.arrayBuffer();
	const setupCookie = setup.ok ? authCookieOf(setup) : undefined;
	if (setupCookie) return { status: 'created', session: new N8nOwnerSession(n8nUrl, setupCookie, browserId) };

	const login = await fetch(`${n8nUrl}/rest/login`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	await login.arrayBuffer();
	const loginCookie = login.ok ? authCookieOf(login) : undefined;
	if (loginCookie) return { status: setup.ok ? 'created' : 'exists', session: new N8nOwnerSession(n8nUrl, loginCookie, browserId) };
	if (!setup.ok && setup.status === 400) return { status: 'exists-other-password' };
	throw new Error(`n8n owner setup answered ${setup.status} and login ${login.status}`);
}

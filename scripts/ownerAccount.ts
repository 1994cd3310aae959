/** The editor login `npm start` creates: local only (n8n listens on 127.0.0.1), printed on start. */
export const DEMO_OWNER = {
	email: 'demo@example.com',
	password: 'Demo-example-2026',
	firstName: 'Demo',
	lastName: 'Owner',
} as const;

const HEADERS = { 'content-type': 'application/json', 'browser-id': 'npm-start' };

export type OwnerStatus = 'created' | 'exists' | 'exists-other-password';

/**
 * Sets up n8n's owner account over the internal REST API (works once per user folder), so the
 * editor opens on a login page instead of the setup form. On later starts it checks the login.
 */
export async function ensureOwnerAccount(n8nUrl: string): Promise<OwnerStatus> {
	const setup = await fetch(`${n8nUrl}/rest/owner/setup`, { method: 'POST', headers: HEADERS, body: JSON.stringify(DEMO_OWNER) });
	await setup.arrayBuffer();
	if (setup.ok) return 'created';
	const login = await fetch(`${n8nUrl}/rest/login`, {
		method: 'POST',
		headers: HEADERS,
		body: JSON.stringify({ emailOrLdapLoginId: DEMO_OWNER.email, password: DEMO_OWNER.password }),
	});
	await login.arrayBuffer();
	if (login.ok) return 'exists';
	if (setup.status === 400) return 'exists-other-password';
	throw new Error(`n8n owner setup answered ${setup.status} and login ${login.status}`);
}

import { signInAsOwner, type OwnerAccount } from '../test/harness/n8nOwnerSession';

/** The editor login `npm start` creates: local only (n8n listens on 127.0.0.1), printed on start. */
export const DEMO_OWNER: OwnerAccount = {
	email: 'demo@example.com',
	password: 'Demo-example-2026',
	firstName: 'Demo',
	lastName: 'Owner',
};

export type OwnerStatus = 'created' | 'exists' | 'exists-other-password';

/**
 * Sets up n8n's owner account over the internal REST API (works once per user folder), so the
 * editor opens on a login page instead of the setup form. On later starts it checks the login.
 */
export async function ensureOwnerAccount(n8nUrl: string): Promise<OwnerStatus> {
	return (await signInAsOwner(n8nUrl, DEMO_OWNER)).status;
}

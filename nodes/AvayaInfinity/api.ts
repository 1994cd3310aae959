/** Avaya Infinity's side of the shared mechanisms: credential fields, token source, vendor API, refusal text. */
import { credentialReader, type CredentialValues } from '../shared/credentials';
import { clientCredentialsSource, jwtClaims, type ClientCredentials } from '../shared/tokenCache';
import type { HttpResponse } from '../shared/transport';
import { isSuccess, type Refusal, type TokenSource, type VendorApi } from '../shared/vendorHttp';
import { OPENID_GRANT_PATH, type Problem } from './contract';

export const VENDOR = 'Avaya Infinity';
export const CREDENTIAL_TYPE = 'avayaInfinityApi';

export const AVAYA_CREDENTIALS = credentialReader(VENDOR, {
	baseUrl: { name: 'Hostname or Base URL', kind: 'url', required: true },
	clientId: { name: 'Client ID', required: true },
	clientSecret: { name: 'Client Secret', kind: 'secret', required: true },
	connectorId: { name: 'Connector ID', required: true },
	accountId: { name: 'Account ID' },
	webhookSecret: { name: 'Webhook Secret', kind: 'secret' },
	previousWebhookSecret: { name: 'Previous Webhook Secret', kind: 'secret' },
});

export type AvayaCredentialValues = CredentialValues<typeof AVAYA_CREDENTIALS.fields>;

export interface AvayaCredentials extends AvayaCredentialValues {
	tokenClient: ClientCredentials;
	token: TokenSource;
	api: VendorApi;
}

/** The vendor's own words from an RFC 7807 problem body (title, detail, violations), or the raw text. */
export function describeProblem(response: HttpResponse): string {
	const problem = response.json() as Partial<Problem> | undefined;
	if (!problem || typeof problem !== 'object') return response.text().slice(0, 500) || 'no error text';
	const parts = [problem.title, problem.detail].filter((p): p is string => typeof p === 'string' && p.length > 0);
	if (Array.isArray(problem.violations) && problem.violations.length) {
		const violations = problem.violations
			.map((v) => `${v.field}: ${v.message}${v.code !== undefined ? ` (code ${v.code})` : ''}`)
			.join('; ');
		parts.push(`Violations: ${violations}`);
	}
	return parts.join(' — ') || response.text().slice(0, 500);
}

/** A success must carry Avaya's JSON echo (messageId, conversationSessionId); anything else is a refusal. */
function refusal(response: HttpResponse): Refusal | undefined {
	if (!isSuccess(response)) return { message: describeProblem(response) };
	const body = response.json();
	return body && typeof body === 'object' ? undefined : { message: 'the answer was not JSON' };
}

export function prepareAvayaCredentials(values: AvayaCredentialValues): AvayaCredentials {
	const tokenClient: ClientCredentials = {
		tokenUrl: `${values.baseUrl}${OPENID_GRANT_PATH}`,
		clientId: values.clientId,
		clientSecret: values.clientSecret,
		clientAuth: 'body',
	};
	const token = clientCredentialsSource(tokenClient);
	return { ...values, tokenClient, token, api: { vendor: VENDOR, auth: { kind: 'bearer', token }, refusal } };
}

/**
 * The account id for the account-scoped path: the credential's, else the one Avaya puts in its
 * access tokens (claim `organization[0]`, which Avaya's own SDK reads).
 */
export async function accountIdOf(credentials: AvayaCredentials, token: () => Promise<string>): Promise<string | undefined> {
	if (credentials.accountId) return credentials.accountId;
	const organization = jwtClaims(await token())?.organization;
	const first: unknown = Array.isArray(organization) ? organization[0] : organization;
	return typeof first === 'string' && first ? first : undefined;
}

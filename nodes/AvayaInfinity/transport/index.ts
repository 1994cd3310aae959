/** Avaya Infinity over the shared transport: base URL, tokens, Send Message, vendor errors. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialSecret, credentialText, normaliseBaseUrl } from '../../shared/credentials';
import { VendorError } from '../../shared/errors';
import { withClientCredentials, type ClientCredentials } from '../../shared/tokenCache';
import { send, type HttpResponse } from '../../shared/transport';
import { OPENID_GRANT_PATH, type Problem, type SendMessageRequest, type SendMessageResponse } from '../contract';

export const VENDOR = 'Avaya Infinity';

export interface AvayaCredentials {
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	connectorId: string;
	accountId: string;
	webhookSecret: string;
}

export function readCredentials(data: ICredentialDataDecryptedObject): AvayaCredentials {
	return {
		baseUrl: normaliseBaseUrl(credentialText(data, 'baseUrl')),
		clientId: credentialText(data, 'clientId'),
		clientSecret: credentialSecret(data, 'clientSecret'),
		connectorId: credentialText(data, 'connectorId'),
		accountId: credentialText(data, 'accountId'),
		webhookSecret: credentialSecret(data, 'webhookSecret'),
	};
}

const tokenCredentialsOf = new WeakMap<AvayaCredentials, ClientCredentials>();

/** The client credentials of the token endpoint; one object per credential read, so the token cache keys it once. */
export function tokenCredentials(credentials: AvayaCredentials): ClientCredentials {
	let result = tokenCredentialsOf.get(credentials);
	if (!result) {
		result = {
			tokenUrl: `${credentials.baseUrl}${OPENID_GRANT_PATH}`,
			clientId: credentials.clientId,
			clientSecret: credentials.clientSecret,
			clientAuth: 'body',
		};
		tokenCredentialsOf.set(credentials, result);
	}
	return result;
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

export async function sendMessage(
	credentials: AvayaCredentials,
	path: string,
	body: SendMessageRequest,
): Promise<SendMessageResponse> {
	const bytes = JSON.stringify(body);
	const response = await withClientCredentials(tokenCredentials(credentials), (token) =>
		send({
			method: 'POST',
			url: `${credentials.baseUrl}${path}`,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: bytes,
		}),
	);
	if (response.status >= 200 && response.status < 300) {
		const parsed = response.json();
		if (parsed && typeof parsed === 'object') return parsed as SendMessageResponse;
		throw new VendorError(VENDOR, response.status, 'the answer was not JSON', response.text().slice(0, 500));
	}
	throw new VendorError(VENDOR, response.status, describeProblem(response), response.json() ?? response.text().slice(0, 500));
}

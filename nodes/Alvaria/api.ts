/** Alvaria's side of the shared mechanisms: credential fields, token source (Basic client auth + realm), vendor API, refusal text. */
import { CredentialError, credentialReader, normaliseBaseUrl, type CredentialValues } from '../shared/credentials';
import { clientCredentialsSource, type ClientCredentials } from '../shared/tokenCache';
import type { HttpResponse } from '../shared/transport';
import { isSuccess, type Refusal, type VendorApi } from '../shared/vendorHttp';
import { API_DOMAINS, DEFAULT_SCOPE, HEADERS, REALM_PARAMETER, TOKEN_HOSTS, apiBaseUrl, tokenPath, type ErrorResponse } from './contract';

export const VENDOR = 'Alvaria';
export const CREDENTIAL_TYPE = 'alvariaApi';
export const CUSTOM = 'custom';

export const ALVARIA_CREDENTIALS = credentialReader(VENDOR, {
	authHost: { name: 'Authorization Host', required: true, default: TOKEN_HOSTS[0].host },
	customAuthUrl: { name: 'Custom Authorization Host or URL', kind: 'url' },
	apiDomain: { name: 'API Domain', required: true, default: API_DOMAINS[0].domain },
	customApiUrl: { name: 'Custom API Base URL', kind: 'url' },
	orgId: { name: 'Organization ID', required: true },
	clientId: { name: 'Client ID', required: true },
	clientSecret: { name: 'Client Secret', kind: 'secret', required: true },
	apiKey: { name: 'API Key (x-api-key)', kind: 'secret', required: true },
	scope: { name: 'Scope', default: DEFAULT_SCOPE },
});

export type AlvariaCredentialValues = CredentialValues<typeof ALVARIA_CREDENTIALS.fields>;

export interface AlvariaCredentials extends AlvariaCredentialValues {
	/** `https://{orgId}.{domain}`, or the custom base URL. */
	apiUrl: string;
	tokenClient: ClientCredentials;
	api: VendorApi;
}

/** Statuses after which the interaction (404) or the streaming session (410) is gone: retrying cannot help. */
const GONE: Record<number, string> = {
	404: 'The interaction or the user does not exist (HTTP 404)',
	410: 'The interaction has ended or the streaming session (via-client-sessionid) has expired (HTTP 410)',
};

/** The documented ErrorResponse (`code`, `message`, `errors[]`) as one text; 401 has no body. */
export function describeErrorResponse(response: HttpResponse): string {
	const body = response.json() as ErrorResponse | undefined;
	const parts: string[] = [];
	if (body && typeof body === 'object') {
		if (typeof body.message === 'string' && body.message) parts.push(body.message);
		for (const detail of Array.isArray(body.errors) ? body.errors : []) {
			const text = [detail?.scope, detail?.reason, detail?.message].filter((p) => typeof p === 'string' && p).join(': ');
			if (text) parts.push(text);
		}
	}
	if (parts.length) return parts.join('; ');
	if (response.status === 401) return 'Unauthorized: the access token, its scope or the x-api-key was refused';
	return response.text().slice(0, 500) || 'no error text';
}

function refusal(response: HttpResponse): Refusal | undefined {
	if (isSuccess(response)) return undefined;
	const text = describeErrorResponse(response);
	const gone = GONE[response.status];
	return { message: gone ? `${gone}: ${text}` : text };
}

export function prepareAlvariaCredentials(values: AlvariaCredentialValues): AlvariaCredentials {
	const missing = [
		values.authHost === CUSTOM && !values.customAuthUrl ? ALVARIA_CREDENTIALS.fields.customAuthUrl.name : '',
		values.apiDomain === CUSTOM && !values.customApiUrl ? ALVARIA_CREDENTIALS.fields.customApiUrl.name : '',
	].filter(Boolean);
	if (missing.length) throw new CredentialError(VENDOR, missing);
	const tokenBase = values.authHost === CUSTOM ? values.customAuthUrl : normaliseBaseUrl(values.authHost);
	const apiUrl = values.apiDomain === CUSTOM ? values.customApiUrl : apiBaseUrl(values.orgId, values.apiDomain);
	const tokenClient: ClientCredentials = {
		tokenUrl: `${tokenBase}${tokenPath(values.orgId)}`,
		clientId: values.clientId,
		clientSecret: values.clientSecret,
		clientAuth: 'basic',
		extraForm: { [REALM_PARAMETER]: values.orgId, scope: values.scope },
	};
	const token = clientCredentialsSource(tokenClient);
	return {
		...values,
		apiUrl,
		tokenClient,
		api: { vendor: VENDOR, auth: { kind: 'bearer', token }, headers: { [HEADERS.apiKey]: values.apiKey }, refusal },
	};
}

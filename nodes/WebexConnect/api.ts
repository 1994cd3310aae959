/** Webex Connect's side of the shared mechanisms: credential fields, service key or JWT, answers that are always HTTP 200. */
import { CredentialError, credentialReader, type CredentialValues } from '../shared/credentials';
import { signJwtHs256 } from '../shared/signature';
import { cacheKey, type TokenSource } from '../shared/tokenCache';
import type { HttpResponse } from '../shared/transport';
import { errorText, isSuccess, type Refusal, type VendorApi } from '../shared/vendorHttp';
import { AUTH_HEADERS, JWT, RESPONSE_DESCRIPTIONS, type ResponseCode, type ResponseEntry } from './contract';

export const VENDOR = 'Webex Connect';
export const CREDENTIAL_TYPE = 'webexConnectApi';
export const CUSTOM = 'custom';

export const WEBEX_CREDENTIALS = credentialReader(VENDOR, {
	baseUrl: { name: 'API Base URL', required: true },
	customBaseUrl: { name: 'Custom API Base URL', kind: 'url' },
	authMode: { name: 'Authentication', default: 'serviceKey' },
	apiKey: { name: 'Service Key', kind: 'secret' },
	serviceId: { name: 'Service ID' },
	serviceSecret: { name: 'Service Secret', kind: 'secret' },
	jwtLifetimeSeconds: { name: 'JWT Lifetime (Seconds)', default: String(JWT.lifetimeSeconds) },
	hubSecret: { name: 'Hub Secret', kind: 'secret' },
	previousHubSecret: { name: 'Previous Hub Secret', kind: 'secret' },
});

export type WebexCredentialValues = CredentialValues<typeof WEBEX_CREDENTIALS.fields>;

export interface WebexCredentials extends WebexCredentialValues {
	apiUrl: string;
	api: VendorApi;
}

/** The error entry of an answer whose `response` is an object; undefined for a success (an array). */
export function errorEntry(response: HttpResponse): ResponseEntry | undefined {
	const body = response.json() as { response?: unknown } | undefined;
	const answer = body?.response;
	if (Array.isArray(answer)) return undefined;
	if (answer && typeof answer === 'object') return answer as ResponseEntry;
	return { code: '', transid: '', description: isSuccess(response) ? 'the answer has no "response"' : errorText(response) };
}

export function describeCode(code: string, description: string | undefined): string {
	return description || RESPONSE_DESCRIPTIONS[code as ResponseCode] || 'no description';
}

/** Webex answers HTTP 200 for errors too: the body decides (an array is success, an object an error with its code). */
function refusal(response: HttpResponse): Refusal | undefined {
	const entry = errorEntry(response);
	if (!entry) return isSuccess(response) ? undefined : { message: errorText(response) };
	return { message: describeCode(entry.code, entry.description), code: entry.code || undefined };
}

/** A JWT for the service (iss = service id, iat = now), signed with the Base64-DECODED service secret, reused within its lifetime. */
function jwtSource(values: WebexCredentialValues): TokenSource {
	const lifetimeSeconds = Number(values.jwtLifetimeSeconds) > 0 ? Number(values.jwtLifetimeSeconds) : JWT.lifetimeSeconds;
	return {
		// The cache key hashes the secret; the "URL" part only keeps JWTs apart from OAuth tokens.
		key: cacheKey({ tokenUrl: 'webex-connect-jwt', clientId: values.serviceId, clientSecret: values.serviceSecret }),
		mint: async () => {
			const issuedAt = Math.floor(Date.now() / 1000);
			const token = signJwtHs256({ iss: values.serviceId, iat: issuedAt }, Buffer.from(values.serviceSecret, 'base64'));
			return { token, expiresAt: (issuedAt + lifetimeSeconds) * 1000 };
		},
	};
}

export function prepareWebexCredentials(values: WebexCredentialValues): WebexCredentials {
	const missing: string[] = [];
	const fields = WEBEX_CREDENTIALS.fields;
	if (values.baseUrl === CUSTOM && !values.customBaseUrl) missing.push(fields.customBaseUrl.name);
	if (values.authMode === 'jwt') {
		if (!values.serviceId) missing.push(fields.serviceId.name);
		if (!values.serviceSecret) missing.push(fields.serviceSecret.name);
	} else if (!values.apiKey) {
		missing.push(fields.apiKey.name);
	}
	if (missing.length) throw new CredentialError(VENDOR, missing);
	const apiUrl = (values.baseUrl === CUSTOM ? values.customBaseUrl : values.baseUrl).replace(/\/+$/, '');
	const api: VendorApi =
		values.authMode === 'jwt'
			? { vendor: VENDOR, auth: { kind: 'bearer', token: jwtSource(values) }, refusal }
			: { vendor: VENDOR, auth: { kind: 'none' }, headers: { [AUTH_HEADERS.serviceKey]: values.apiKey }, refusal };
	return { ...values, apiUrl, api };
}

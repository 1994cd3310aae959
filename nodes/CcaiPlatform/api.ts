/** Google CCAI Platform's side of the shared mechanisms: credential fields, HTTP Basic, the published rate, refusal text. */
import { CredentialError, credentialReader, normaliseBaseUrl, type CredentialValues } from '../shared/credentials';
import type { HttpResponse } from '../shared/transport';
import { errorText, isSuccess, type Refusal, type VendorApi } from '../shared/vendorHttp';
import { API_BASE_PATH, RATE_LIMIT_PER_SECOND, apiBaseUrl } from './contract';

export const VENDOR = 'Google CCAI Platform';
export const CREDENTIAL_TYPE = 'ccaiPlatformApi';

export const CCAI_CREDENTIALS = credentialReader(VENDOR, {
	subdomain: { name: 'Subdomain', required: true },
	domain: { name: 'Domain' },
	baseUrl: { name: 'Base URL', kind: 'url', suffix: API_BASE_PATH },
	apiToken: { name: 'API Token', kind: 'secret', required: true },
	requestsPerSecond: { name: 'Requests per Second', default: String(RATE_LIMIT_PER_SECOND) },
});

export type CcaiCredentialValues = CredentialValues<typeof CCAI_CREDENTIALS.fields>;

export interface CcaiCredentials extends CcaiCredentialValues {
	apiUrl: string;
	api: VendorApi;
}

/** The API's request fields, as the node names them, so a 400 text points at the parameter to fix. */
const FIELD_NAMES: Record<string, string> = {
	chat_type: 'Chat Type',
	end_user_number: 'End-User Number',
	outbound_number: 'Outbound Number',
	message: 'Message',
};

/** CCAI's `{"message": "<text>"}` verbatim, with the node parameter it is about. */
function refusal(response: HttpResponse): Refusal | undefined {
	if (isSuccess(response)) return undefined;
	const text = errorText(response);
	const field = Object.keys(FIELD_NAMES).find((name) => text.startsWith(name) || text.includes(` ${name} `));
	return { message: field ? `${text} (check "${FIELD_NAMES[field]}")` : text };
}

export function prepareCcaiCredentials(values: CcaiCredentialValues): CcaiCredentials {
	if (!values.baseUrl && !values.domain) throw new CredentialError(VENDOR, ['Domain (or Base URL)']);
	const apiUrl = values.baseUrl || normaliseBaseUrl(apiBaseUrl(values.subdomain, values.domain));
	const perSecond = Number(values.requestsPerSecond);
	return {
		...values,
		apiUrl,
		api: {
			vendor: VENDOR,
			auth: { kind: 'basic', username: values.subdomain, password: values.apiToken },
			// The published limit is per customer: every execution of this process shares one pace.
			rateLimit: { key: `ccai:${apiUrl}:${values.subdomain}`, perSecond: Number.isFinite(perSecond) && perSecond > 0 ? perSecond : RATE_LIMIT_PER_SECOND },
			refusal,
		},
	};
}

/** Genesys Multicloud CX's side of the shared mechanisms: credential fields, signed requests, answers with status.code. */
import { credentialReader, type CredentialValues } from '../shared/credentials';
import { sign } from '../shared/signature';
import type { HttpResponse } from '../shared/transport';
import { errorText, isSuccess, type Refusal, type VendorApi } from '../shared/vendorHttp';
import { API_BASE_PATH, DEFAULT_MESSAGES_PATH, HEADERS, SIGNATURE, messagesPath, type ApiAnswer } from './contract';

export const VENDOR = 'Genesys Multicloud CX';
export const CREDENTIAL_TYPE = 'genesysMulticloudApi';

export const GENESYS_CREDENTIALS = credentialReader(VENDOR, {
	baseUrl: { name: 'API Base URL', kind: 'url', required: true, suffix: API_BASE_PATH },
	channelId: { name: 'Channel ID', required: true },
	appSecret: { name: 'App Secret', kind: 'secret', required: true },
	previousAppSecret: { name: 'Previous App Secret', kind: 'secret' },
	ccid: { name: 'Contact Center ID (x-ccid)', required: true },
	apiKey: { name: 'API Key (x-api-key)' },
	messagesPath: { name: 'Messages Path', default: DEFAULT_MESSAGES_PATH },
});

export type GenesysCredentialValues = CredentialValues<typeof GENESYS_CREDENTIALS.fields>;

export interface GenesysCredentials extends GenesysCredentialValues {
	messagesUrl: string;
	api: VendorApi;
}

/** `status.code` and `status.message` of an answer, when it has them. */
export function readAnswer(response: HttpResponse): ApiAnswer | undefined {
	const body = response.json() as Partial<ApiAnswer> | undefined;
	if (!body || typeof body !== 'object' || !body.status || typeof body.status !== 'object') return undefined;
	const code = Number(body.status.code);
	if (!Number.isFinite(code)) return undefined;
	return { ...body, status: { ...body.status, code } } as ApiAnswer;
}

/** Any non-zero `status.code` is a refusal, even with HTTP 200; so is a 2xx without one. */
function refusal(response: HttpResponse): Refusal | undefined {
	const answer = readAnswer(response);
	if (answer && answer.status.code !== 0) return { message: answer.status.message || 'no error message', code: answer.status.code };
	if (answer && isSuccess(response)) return undefined;
	return { message: isSuccess(response) ? 'the answer has no status.code' : errorText(response) };
}

export function prepareGenesysCredentials(values: GenesysCredentialValues): GenesysCredentials {
	const path = values.messagesPath.startsWith('/') ? values.messagesPath : `/${values.messagesPath}`;
	const headers: Record<string, string> = { [HEADERS.ccid]: values.ccid };
	if (values.apiKey) headers[HEADERS.apiKey] = values.apiKey;
	return {
		...values,
		messagesPath: path,
		messagesUrl: `${values.baseUrl}${messagesPath(path, values.channelId)}`,
		api: {
			vendor: VENDOR,
			auth: { kind: 'none' },
			headers,
			sign: (bytes) => ({ [SIGNATURE.header]: sign(SIGNATURE, values.appSecret, bytes) }),
			refusal,
		},
	};
}

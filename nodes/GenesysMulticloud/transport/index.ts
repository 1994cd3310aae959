/** Genesys Multicloud CX over the shared transport: credentials, signed POSTs to the messages path, vendor errors. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialSecret, credentialText, normaliseBaseUrl } from '../../shared/credentials';
import { VendorError } from '../../shared/errors';
import { sign } from '../../shared/signature';
import { send, type HttpResponse } from '../../shared/transport';
import { DEFAULT_MESSAGES_PATH, HEADERS, SIGNATURE, messagesPath, type ApiAnswer, type MessagesRequest } from '../contract';

export const VENDOR = 'Genesys Multicloud CX';

export interface GenesysCredentials {
	/** Includes `/nexus/v3`, no trailing slash. */
	baseUrl: string;
	messagesPath: string;
	channelId: string;
	appSecret: string;
	ccid: string;
	apiKey: string;
}

export function readCredentials(data: ICredentialDataDecryptedObject): GenesysCredentials {
	const path = credentialText(data, 'messagesPath') || DEFAULT_MESSAGES_PATH;
	return {
		baseUrl: normaliseBaseUrl(credentialText(data, 'baseUrl')),
		messagesPath: path.startsWith('/') ? path : `/${path}`,
		channelId: credentialText(data, 'channelId'),
		appSecret: credentialSecret(data, 'appSecret'),
		ccid: credentialText(data, 'ccid'),
		apiKey: credentialText(data, 'apiKey'),
	};
}

/** The credential fields a signed request cannot do without, as their display names. */
export function missingCredentialFields(credentials: GenesysCredentials): string[] {
	const required: Array<[keyof GenesysCredentials, string]> = [
		['baseUrl', 'API Base URL'],
		['channelId', 'Channel ID'],
		['appSecret', 'App Secret'],
		['ccid', 'Contact Center ID (x-ccid)'],
	];
	return required.filter(([key]) => !credentials[key]).map(([, name]) => name);
}

export function messagesUrl(credentials: GenesysCredentials): string {
	return `${credentials.baseUrl}${messagesPath(credentials.messagesPath, credentials.channelId)}`;
}

/** Headers of a request carrying exactly `bytes`: the signature over them, the contact center, the API key. */
export function signedHeaders(credentials: GenesysCredentials, bytes: string): Record<string, string> {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		[HEADERS.ccid]: credentials.ccid,
		[SIGNATURE.header]: sign(SIGNATURE, credentials.appSecret, bytes),
	};
	if (credentials.apiKey) headers[HEADERS.apiKey] = credentials.apiKey;
	return headers;
}

/** `status.code` and `status.message` of an answer, when it has them. */
export function readAnswer(response: HttpResponse): ApiAnswer | undefined {
	const body = response.json() as Partial<ApiAnswer> | undefined;
	if (!body || typeof body !== 'object' || !body.status || typeof body.status !== 'object') return undefined;
	const code = Number(body.status.code);
	if (!Number.isFinite(code)) return undefined;
	return { ...body, status: { ...body.status, code } } as ApiAnswer;
}

/** POSTs `request` signed; resolves with the answer when `status.code` is 0, else throws VendorError. */
export async function postMessages(credentials: GenesysCredentials, request: MessagesRequest): Promise<ApiAnswer> {
	const bytes = JSON.stringify(request);
	const response = await send({ method: 'POST', url: messagesUrl(credentials), headers: signedHeaders(credentials, bytes), body: bytes });
	return checkAnswer(response);
}

/** Any non-zero `status.code` is an error, even with HTTP 200. */
export function checkAnswer(response: HttpResponse): ApiAnswer {
	const answer = readAnswer(response);
	const ok = response.status >= 200 && response.status < 300;
	if (answer && answer.status.code === 0 && ok) return answer;
	if (answer && answer.status.code !== 0) {
		throw new VendorError(VENDOR, response.status, answer.status.message || 'no error message', answer, answer.status.code);
	}
	const text = response.text().slice(0, 500);
	const message = ok ? 'the answer has no status.code' : text || 'no error text';
	throw new VendorError(VENDOR, response.status, message, response.json() ?? text);
}

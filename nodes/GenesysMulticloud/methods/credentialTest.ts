import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { TransportError, send } from '../../shared/transport';
import { messagesUrl, missingCredentialFields, readAnswer, readCredentials, signedHeaders } from '../transport';

/**
 * The probe: a signed request with an empty `messages` array. It delivers nothing, yet Genesys
 * has to check the signature, x-ccid (and x-api-key) before it can refuse the empty list.
 */
export const PROBE_BODY = '{"messages":[]}';

/** An answer that refuses only the empty list, not who we are or where we sent it. */
function refusesOnlyTheEmptyList(status: number, message: string): boolean {
	return status === 400 && /messages/i.test(message) && !/ccid|signature|secret|api.?key|channel|auth/i.test(message);
}

/** The credential's Test button: one harmless signed call, and the vendor's answer reported as it is. */
export async function genesysMulticloudApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = readCredentials(credential.data ?? {});
	const missing = missingCredentialFields(credentials);
	if (missing.length) return { status: 'Error', message: `Missing: ${missing.join(', ')}` };
	try {
		const response = await send({
			method: 'POST',
			url: messagesUrl(credentials),
			headers: signedHeaders(credentials, PROBE_BODY),
			body: PROBE_BODY,
			retry: { maxAttempts: 1 },
		});
		const answer = readAnswer(response);
		const vendorText = answer
			? `status.code ${answer.status.code}${answer.status.message ? `: ${answer.status.message}` : ''}`
			: response.text().slice(0, 200) || 'no body';
		const reply = `Genesys answered HTTP ${response.status} (${vendorText})`;
		if ((response.status >= 200 && response.status < 300) || refusesOnlyTheEmptyList(response.status, answer?.status.message ?? '')) {
			return { status: 'OK', message: `Connection successful: signature and x-ccid accepted. ${reply} to an empty test request.` };
		}
		return { status: 'Error', message: reply };
	} catch (error) {
		const message = error instanceof TransportError || error instanceof Error ? error.message : String(error);
		return { status: 'Error', message };
	}
}

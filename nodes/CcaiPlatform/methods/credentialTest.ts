import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { VendorError } from '../../shared/errors';
import { callVendor } from '../../shared/vendorHttp';
import { CCAI_CREDENTIALS, prepareCcaiCredentials } from '../api';
import { ERROR_TEXTS, SMS_PATH } from '../contract';

/**
 * The credential's Test button: an Outbound SMS request with an empty body. CCAI Platform must
 * accept the Basic credentials (else 401) before it can answer "chat_type needs to be provided",
 * so no SMS is sent.
 */
export async function ccaiPlatformApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return testCredential(CCAI_CREDENTIALS, credential.data, async (values) => {
		const credentials = prepareCcaiCredentials(values);
		try {
			await callVendor(credentials.api, { method: 'POST', url: `${credentials.apiUrl}${SMS_PATH}`, json: {}, retry: { maxAttempts: 1 } });
			return { refused: 'CCAI Platform accepted an empty test request; check the Base URL' };
		} catch (error) {
			if (error instanceof VendorError && error.status === 400 && error.vendorMessage.startsWith(ERROR_TEXTS.chatTypeMissing)) {
				return { ok: 'Connection successful: CCAI Platform accepted the subdomain and API token' };
			}
			return { refused: error instanceof Error ? error.message : String(error) };
		}
	});
}

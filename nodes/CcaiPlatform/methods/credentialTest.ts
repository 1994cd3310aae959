import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { probeCredential } from '../../shared/vendorHttp';
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
		const { api, apiUrl } = prepareCcaiCredentials(values);
		return probeCredential(api, { method: 'POST', url: `${apiUrl}${SMS_PATH}`, json: {} }, (refusal) =>
			refusal.status === 400 && refusal.vendorMessage.startsWith(ERROR_TEXTS.chatTypeMissing)
				? 'Connection successful: CCAI Platform accepted the subdomain and API token'
				: undefined,
		);
	});
}

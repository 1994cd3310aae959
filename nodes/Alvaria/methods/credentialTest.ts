import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { VendorError } from '../../shared/errors';
import { callVendor } from '../../shared/vendorHttp';
import { ALVARIA_CREDENTIALS, prepareAlvariaCredentials } from '../api';
import { messagingPath } from '../contract';

/**
 * The credential's Test button: a token from the token host, then a Send Text call without a
 * streaming session and without a body. Alvaria must accept the token and the x-api-key (else 401)
 * before it can refuse the missing session with a 400, so nothing reaches a customer.
 */
export async function alvariaApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return testCredential(ALVARIA_CREDENTIALS, credential.data, async (values) => {
		const credentials = prepareAlvariaCredentials(values);
		const url = `${credentials.apiUrl}${messagingPath(credentials.orgId, 'credential-test', 'sendText')}`;
		try {
			await callVendor(credentials.api, { method: 'POST', url, json: {}, retry: { maxAttempts: 1 } });
			return { refused: 'Alvaria accepted an empty test request; check the API Domain' };
		} catch (error) {
			if (error instanceof VendorError && error.status === 400) {
				return { ok: 'Connection successful: Alvaria issued a token and accepted it with the x-api-key' };
			}
			return { refused: error instanceof Error ? error.message : String(error) };
		}
	});
}

import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { probeCredential } from '../../shared/vendorHttp';
import { ALVARIA_CREDENTIALS, prepareAlvariaCredentials } from '../api';
import { messagingPath } from '../contract';

/**
 * The credential's Test button: a token from the authorization host, then a Send Text call without
 * a streaming session and without a body. Alvaria must accept the token and the x-api-key (else 401)
 * before it can refuse the missing session with a 400, so nothing reaches a customer.
 */
export async function alvariaApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return testCredential(ALVARIA_CREDENTIALS, credential.data, async (values) => {
		const { api, apiUrl, orgId } = prepareAlvariaCredentials(values);
		const url = `${apiUrl}${messagingPath(orgId, 'credential-test', 'sendText')}`;
		return probeCredential(api, { method: 'POST', url, json: {} }, (refusal) =>
			refusal.status === 400 ? 'Connection successful: Alvaria issued a token and accepted it with the x-api-key' : undefined,
		);
	});
}

import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { probeCredential } from '../../shared/vendorHttp';
import { GENESYS_CREDENTIALS, prepareGenesysCredentials } from '../api';

/**
 * The probe: a signed request with an empty `messages` array. It delivers nothing, yet Genesys
 * has to check the signature, x-ccid (and x-api-key) before it can refuse the empty list.
 */
export const PROBE_BODY = { messages: [] };

/** An answer that refuses only the empty list, not who we are or where we sent it. */
function refusesOnlyTheEmptyList(status: number, message: string): boolean {
	return status === 400 && /messages/i.test(message) && !/ccid|signature|secret|api.?key|channel|auth/i.test(message);
}

/** The credential's Test button: one harmless signed call, and the vendor's answer reported as it is. */
export async function genesysMulticloudApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return testCredential(GENESYS_CREDENTIALS, credential.data, async (values) => {
		const { api, messagesUrl } = prepareGenesysCredentials(values);
		return probeCredential(api, { method: 'POST', url: messagesUrl, json: PROBE_BODY }, (refusal) =>
			refusesOnlyTheEmptyList(refusal.status, refusal.vendorMessage)
				? `Connection successful: signature and x-ccid accepted. Genesys answered HTTP ${refusal.status} (status.code ${refusal.vendorCode ?? 'none'}: ${refusal.vendorMessage}) to an empty test request.`
				: undefined,
		);
	});
}

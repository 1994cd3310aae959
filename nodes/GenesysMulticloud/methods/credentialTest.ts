import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { VendorError } from '../../shared/errors';
import { callVendor } from '../../shared/vendorHttp';
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
		const credentials = prepareGenesysCredentials(values);
		const accepted = 'Connection successful: signature and x-ccid accepted.';
		try {
			const response = await callVendor(credentials.api, { method: 'POST', url: credentials.messagesUrl, json: PROBE_BODY, retry: { maxAttempts: 1 } });
			return { ok: `${accepted} Genesys answered HTTP ${response.status} to an empty test request.` };
		} catch (error) {
			if (!(error instanceof VendorError)) return { refused: error instanceof Error ? error.message : String(error) };
			const vendorText = `status.code ${error.vendorCode ?? 'none'}: ${error.vendorMessage}`;
			if (refusesOnlyTheEmptyList(error.status, error.vendorMessage)) {
				return { ok: `${accepted} Genesys answered HTTP ${error.status} (${vendorText}) to an empty test request.` };
			}
			return { refused: `Genesys answered HTTP ${error.status} (${vendorText})` };
		}
	});
}

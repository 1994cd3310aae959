import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { VendorError } from '../../shared/errors';
import { callVendor } from '../../shared/vendorHttp';
import { WEBEX_CREDENTIALS, prepareWebexCredentials } from '../api';
import { DELIVERY_CHANNEL_SMS, RESPONSE_CODES, SEND_PATH } from '../contract';

/**
 * The probe: a send without destinations. Webex checks the service key or JWT first (7001, 7002)
 * and only then finds the missing destination (7003), so a 7003 proves the credential and no SMS
 * can be sent.
 */
export const PROBE_BODY = { deliverychannel: DELIVERY_CHANNEL_SMS, channels: { sms: { text: 'credential test' } } };

export async function webexConnectApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return testCredential(WEBEX_CREDENTIALS, credential.data, async (values) => {
		const credentials = prepareWebexCredentials(values);
		try {
			await callVendor(credentials.api, { method: 'POST', url: `${credentials.apiUrl}${SEND_PATH}`, json: PROBE_BODY, retry: { maxAttempts: 1 } });
			return { refused: 'Webex Connect queued a request without destinations; check the API Base URL' };
		} catch (error) {
			if (error instanceof VendorError && error.vendorCode === RESPONSE_CODES.mandatoryParameterMissing) {
				const mode = credentials.authMode === 'jwt' ? 'JWT' : 'service key';
				return { ok: `Connection successful: Webex Connect accepted the ${mode} (it answered code 7003 for the empty test request)` };
			}
			return { refused: error instanceof Error ? error.message : String(error) };
		}
	});
}

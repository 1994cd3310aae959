import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { probeCredential } from '../../shared/vendorHttp';
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
		const { api, apiUrl, authMode } = prepareWebexCredentials(values);
		const mode = authMode === 'jwt' ? 'JWT' : 'service key';
		return probeCredential(api, { method: 'POST', url: `${apiUrl}${SEND_PATH}`, json: PROBE_BODY }, (refusal) =>
			refusal.vendorCode === RESPONSE_CODES.mandatoryParameterMissing
				? `Connection successful: Webex Connect accepted the ${mode} (it answered code 7003 for the empty test request)`
				: undefined,
		);
	});
}

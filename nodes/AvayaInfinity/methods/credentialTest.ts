import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from '../../shared/credentials';
import { mintClientCredentialsToken } from '../../shared/tokenCache';
import { AVAYA_CREDENTIALS, prepareAvayaCredentials } from '../api';

/** The credential's Test button: proves the client credentials by getting a token. */
export async function avayaInfinityApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return testCredential(AVAYA_CREDENTIALS, credential.data, async (values) => {
		await mintClientCredentialsToken(prepareAvayaCredentials(values).tokenClient);
		return { ok: 'Connection successful: Avaya Infinity issued an access token' };
	});
}

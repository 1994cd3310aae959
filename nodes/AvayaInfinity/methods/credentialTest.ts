import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { TokenRequestError, mintClientCredentialsToken } from '../../shared/tokenCache';
import { readCredentials, tokenCredentials } from '../transport';

/** The credential's Test button: proves the client credentials by getting a token. */
export async function avayaInfinityApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = readCredentials(credential.data ?? {});
	for (const field of ['baseUrl', 'clientId', 'clientSecret', 'connectorId'] as const) {
		if (!credentials[field]) return { status: 'Error', message: `"${field}" is empty` };
	}
	try {
		await mintClientCredentialsToken(tokenCredentials(credentials));
		return { status: 'OK', message: 'Connection successful: Avaya Infinity issued an access token' };
	} catch (error) {
		const message = error instanceof TokenRequestError || error instanceof Error ? error.message : String(error);
		return { status: 'Error', message };
	}
}

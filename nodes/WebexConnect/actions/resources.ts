import type { ActionNodeSpec } from '../../shared/router';
import { CREDENTIAL_TYPE, WEBEX_CREDENTIALS, prepareWebexCredentials, type WebexCredentials } from '../api';
import { send } from './sms/send.operation';

/** The Webex Connect node's operations; its Resource and Operation lists come from here. */
export const webexActions: ActionNodeSpec<typeof WEBEX_CREDENTIALS.fields, WebexCredentials> = {
	credentialType: CREDENTIAL_TYPE,
	credentialFields: WEBEX_CREDENTIALS,
	prepareCredentials: prepareWebexCredentials,
	resources: [{ value: 'sms', name: 'SMS', operations: [send] }],
};

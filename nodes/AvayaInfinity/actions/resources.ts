import type { ActionNodeSpec } from '../../shared/router';
import { AVAYA_CREDENTIALS, CREDENTIAL_TYPE, prepareAvayaCredentials, type AvayaCredentials } from '../api';
import { send } from './message/send.operation';

/** The Avaya Infinity node's operations; its Resource and Operation lists come from here. */
export const avayaActions: ActionNodeSpec<typeof AVAYA_CREDENTIALS.fields, AvayaCredentials> = {
	credentialType: CREDENTIAL_TYPE,
	credentialFields: AVAYA_CREDENTIALS,
	prepareCredentials: prepareAvayaCredentials,
	resources: [{ value: 'message', name: 'Message', operations: [send] }],
};

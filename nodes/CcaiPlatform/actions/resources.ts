import type { ActionNodeSpec } from '../../shared/router';
import { CCAI_CREDENTIALS, CREDENTIAL_TYPE, prepareCcaiCredentials, type CcaiCredentials } from '../api';
import { outbound } from './sms/outbound.operation';

/** The Google CCAI Platform node's operations; its Resource and Operation lists come from here. */
export const ccaiActions: ActionNodeSpec<typeof CCAI_CREDENTIALS.fields, CcaiCredentials> = {
	credentialType: CREDENTIAL_TYPE,
	credentialFields: CCAI_CREDENTIALS,
	prepareCredentials: prepareCcaiCredentials,
	resources: [{ value: 'sms', name: 'SMS', operations: [outbound] }],
};

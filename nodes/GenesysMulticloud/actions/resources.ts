import type { ActionNodeSpec } from '../../shared/router';
import { CREDENTIAL_TYPE, GENESYS_CREDENTIALS, prepareGenesysCredentials, type GenesysCredentials } from '../api';
import { receipt } from './message/receipt.operation';
import { send } from './message/send.operation';

/** The Genesys Multicloud CX node's operations; its Resource and Operation lists come from here. */
export const genesysActions: ActionNodeSpec<typeof GENESYS_CREDENTIALS.fields, GenesysCredentials> = {
	credentialType: CREDENTIAL_TYPE,
	credentialFields: GENESYS_CREDENTIALS,
	prepareCredentials: prepareGenesysCredentials,
	resources: [{ value: 'message', name: 'Message', operations: [send, receipt] }],
};

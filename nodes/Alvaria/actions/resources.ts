import type { ActionNodeSpec } from '../../shared/router';
import { ALVARIA_CREDENTIALS, CREDENTIAL_TYPE, prepareAlvariaCredentials, type AlvariaCredentials } from '../api';
import { sendText } from './interaction/sendText.operation';
import { sendUrl } from './interaction/sendUrl.operation';
import { typing } from './interaction/typing.operation';

/** The Alvaria node's operations; its Resource and Operation lists come from here. */
export const alvariaActions: ActionNodeSpec<typeof ALVARIA_CREDENTIALS.fields, AlvariaCredentials> = {
	credentialType: CREDENTIAL_TYPE,
	credentialFields: ALVARIA_CREDENTIALS,
	prepareCredentials: prepareAlvariaCredentials,
	resources: [{ value: 'interaction', name: 'Interaction', operations: [sendText, sendUrl, typing] }],
};

/** Signed Genesys agent messages, as Genesys posts them to the third-party webhook. */
import { randomUUID } from 'node:crypto';

import { SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { sign } from '../../nodes/shared/signature';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';

/** An agent message (business → consumer) carrying `text`, with a fresh messageId unless given one. */
export function genesysAgentMessage(text: string, messageId = `${Date.now()}-${randomUUID()}`): Record<string, unknown> {
	return {
		channel: {
			id: DEFAULT_GENESYS_TENANT.businessIds[0],
			type: 'sms',
			from: { id: DEFAULT_GENESYS_TENANT.businessIds[0] },
			to: { id: '16504661149' },
			messageId,
		},
		type: 'Text',
		text,
	};
}

export function signedGenesysRequest(message: unknown, secret = DEFAULT_GENESYS_TENANT.appSecret): { body: string; headers: Record<string, string> } {
	const body = JSON.stringify(message);
	return {
		body,
		headers: { 'content-type': 'application/json', [SIGNATURE.header]: sign(SIGNATURE, secret, body), 'x-b3-traceid': randomUUID() },
	};
}

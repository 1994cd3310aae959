/** Signed Genesys agent messages, as Genesys posts them to the third-party webhook (built by the sandbox). */
import type { InboundMessage } from '../../nodes/GenesysMulticloud/contract';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { buildAgentMessage, encodeAgentMessage } from '../../sandbox/vendors/genesysEvents';

export const CONSUMER = '16504661149';

/** An agent message (business → consumer) carrying `text`, with a fresh messageId unless given one. */
export function genesysAgentMessage(text: string, messageId?: string): InboundMessage {
	const tenant = DEFAULT_GENESYS_TENANT;
	return buildAgentMessage({ channelId: tenant.channelId, from: tenant.businessIds[0], to: CONSUMER, text, messageId });
}

export function signedGenesysRequest(message: InboundMessage, secret = DEFAULT_GENESYS_TENANT.appSecret): { body: string; headers: Record<string, string> } {
	const { bytes, headers } = encodeAgentMessage(message, {}, secret);
	return { body: bytes, headers };
}

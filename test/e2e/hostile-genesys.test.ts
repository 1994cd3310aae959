/**
 * Hostile input against the Genesys Multicloud CX Trigger in a real n8n: ≥ 200 generated bad
 * requests (hostile-inputs.ts, driven by the contract's `X-Hub-Signature: sha1=<hex>` scheme),
 * each answered as documented (docs/genesys.md), none starting a run, while valid agent messages
 * keep being answered and run; replays of a valid message answer 200 {"messageId"} and start no
 * run. Workflow: test/e2e/workflows/hostile-genesys.json (the trigger alone).
 */
import { randomUUID } from 'node:crypto';

import { SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { buildAgentMessage } from '../../sandbox/vendors/genesysEvents';
import { webhookUrl } from '../harness/context';
import type { HostileTarget } from './hostile-inputs';
import { describeHostileSuite } from './hostile-suite';

const tenant = DEFAULT_GENESYS_TENANT;

/** An agent message as the document shows it, with a fresh messageId (the trigger runs each id once). */
function agentMessage(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	const message = buildAgentMessage({ channelId: tenant.channelId, from: tenant.businessIds[0], to: '16504661149', text, messageId: `hostile-${randomUUID()}` });
	return { ...message, ...overrides };
}

function target(): HostileTarget {
	return {
		vendor: 'Genesys Multicloud CX',
		workflowId: 'e2eHostileGenes1',
		url: webhookUrl('e2e-hostile-genesys'),
		scheme: SIGNATURE,
		secret: tenant.appSecret,
		validEvent: (text) => agentMessage(text),
		unknownTypeEvents: () => [
			// Only Text and Email (any case) run; any other type is refused with 400 (not redelivered: Genesys retries only 5xx).
			...['Receipt', 'Image', 'Typing', 'Structured', 'Carousel', 'sms', 'Text ', 'TextMessage', 'Emails', 'null'].map((type) => ({
				name: `type ${JSON.stringify(type)}`,
				event: agentMessage('unknown type', { type }),
				expect: [400],
			})),
			{ name: 'type missing', event: agentMessage('x', { type: undefined }), expect: [400] },
			{ name: 'type ""', event: agentMessage('x', { type: '' }), expect: [400] },
			{ name: 'type as a number', event: agentMessage('x', { type: 42 }), expect: [400] },
			{ name: 'type as an object', event: agentMessage('x', { type: { name: 'Text' } }), expect: [400] },
			{ name: 'messages[] with one unknown type', event: { messages: [agentMessage('a'), agentMessage('b', { type: 'Typing' })] }, expect: [400] },
			{ name: 'messages[] empty', event: { messages: [] }, expect: [400] },
			{ name: 'message without channel.messageId', event: agentMessage('x', { channel: { id: tenant.channelId, from: { id: 'a' }, to: { id: 'b' } } }), expect: [400] },
		],
		notAnEventAnswer: [400],
		replayAnswerIncludes: (event) => JSON.stringify({ messageId: (event.channel as { messageId: string }).messageId }),
	};
}

describe('hostile input: Genesys Multicloud CX Trigger (real n8n)', () => {
	describeHostileSuite(target);
});

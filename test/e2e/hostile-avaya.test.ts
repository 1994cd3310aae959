/**
 * Hostile input against the Avaya Infinity Trigger in a real n8n: ≥ 200 generated bad requests
 * (hostile-inputs.ts), each answered as documented, none starting a run, while valid events keep
 * being answered and run. Workflow: test/e2e/workflows/hostile-avaya.json (the trigger alone).
 */
import { randomUUID } from 'node:crypto';

import { SIGNATURE } from '../../nodes/AvayaInfinity/contract';
import { avayaHealthCheck, avayaMessage, e2e, webhookUrl } from '../harness/context';
import type { HostileTarget } from './hostile-inputs';
import { describeHostileSuite } from './hostile-suite';

function target(): HostileTarget {
	return {
		vendor: 'Avaya Infinity',
		workflowId: 'e2eHostileAvaya1',
		url: webhookUrl('e2e-hostile-avaya'),
		scheme: SIGNATURE,
		secret: e2e().avaya.webhookSecret,
		validEvent: (text) => ({ ...avayaMessage('agent', text) }),
		unknownTypeEvents: () => [
			// Unknown event types are acknowledged (200 {status:'ignored'}) so Avaya does not retry them; no run.
			...['conversation_ended', 'typing', 'MESSAGES_V2', ''].map((eventType) => ({
				name: `eventType ${JSON.stringify(eventType)}`,
				event: { ...avayaMessage('agent', 'unknown type'), eventType },
				expect: [200],
			})),
			{ name: 'eventType as a number', event: { ...avayaMessage('agent', 'x'), eventType: 42 }, expect: [200] },
			{ name: 'unknown sender type', event: { ...avayaMessage('agent', 'x'), sender: { type: 'martian' } }, expect: [200] },
			{ name: 'customer message (not selected)', event: { ...avayaMessage('customer', 'x') }, expect: [200] },
			{ name: 'health check', event: { ...avayaHealthCheck({ eventId: randomUUID() }) }, expect: [200] },
			{ name: 'messages event without fields', event: { eventType: 'messages', eventId: randomUUID() }, expect: [400] },
		],
		notAnEventAnswer: [200],
	};
}

describe('hostile input: Avaya Infinity Trigger (real n8n)', () => {
	describeHostileSuite(target);
});

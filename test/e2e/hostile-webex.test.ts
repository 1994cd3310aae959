/**
 * Hostile input against the Webex Connect Trigger in a real n8n: ≥ 200 generated bad requests
 * (hostile-inputs.ts, driven by the contract's hub-signature scheme), none starting a run, while
 * valid delivery notifications keep being answered and run; a redelivered notification answers 200
 * and starts no run. Workflow: test/e2e/workflows/hostile-webex.json (the trigger alone).
 */
import { randomUUID } from 'node:crypto';

import { HUB_SIGNATURE_SCHEMES } from '../../nodes/WebexConnect/contract';
import { DEFAULT_WEBEX_SERVICE } from '../../sandbox/vendors/webexConfig';
import { webhookUrl } from '../harness/context';
import type { HostileTarget } from './hostile-inputs';
import { describeHostileSuite } from './hostile-suite';

/** A delivery notification as the document shows it, with a fresh transid (the trigger runs each transid + status once). */
function notification(status: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		deliveryInfoNotification: {
			deliveryInfo: { timeStamp: '2022-10-10T13:53:13.749+01:00', Description: status, code: '7500', deliveryChannel: 'SMS', additionalInfo: '', destination: '9189xxxxxxxx', destinationType: 'msisdn', deliveryStatus: status },
			subtid: '',
			transid: `hostile-${randomUUID()}`,
			callbackData: '',
			correlationid: '',
			...overrides,
		},
	};
}

function target(): HostileTarget {
	return {
		vendor: 'Webex Connect',
		workflowId: 'e2eHostileWebex1',
		url: webhookUrl('e2e-hostile-webex'),
		scheme: HUB_SIGNATURE_SCHEMES.sha256,
		secret: DEFAULT_WEBEX_SERVICE.hubSecret,
		validEvent: () => notification('Delivered'),
		unknownTypeEvents: () => [
			// Statuses outside the filter are acknowledged (Webex would retry anything else) and start no run.
			...['Submitted', 'Clicked', 'delivered ', 'Queued', ''].map((status) => ({
				name: `deliveryStatus ${JSON.stringify(status)}`,
				event: notification(status),
				expect: status === '' ? [400] : [200],
			})),
			{ name: 'no transid', event: notification('Delivered', { transid: '' }), expect: [400] },
			{ name: 'transid as an object', event: notification('Delivered', { transid: { id: 1 } }), expect: [400] },
			{ name: 'deliveryInfo missing', event: { deliveryInfoNotification: { transid: 'x' } }, expect: [400] },
			{ name: 'an incoming SMS instead of a report', event: { Channel: 'SMS', da: '56263', oa: '14155550100', message: 'hi' }, expect: [400] },
		],
		notAnEventAnswer: [400],
		probeMethods: ['HEAD'],
		replayAnswerIncludes: (event) => JSON.stringify({ status: 'accepted', transid: (event.deliveryInfoNotification as { transid: string }).transid }),
	};
}

describe('hostile input: Webex Connect Trigger (real n8n)', () => {
	describeHostileSuite(target);
});

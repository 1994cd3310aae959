/**
 * templates/avaya-sms-bridge.json in a real n8n, wired to the sandbox as `npm start` wires it:
 * an end user's SMS reaches Avaya, and the agent's reply reaches the end user's phone.
 */
import type { SmsMessage } from '../../sandbox/vendors/sms';
import { e2e, executions, nodeOutput, sandbox, type StoredExecution } from '../harness/context';

const END_USER = '+14155550177';
const SEND_NODE = 'Send to Avaya Infinity';
const TRIGGER_NODE = 'Avaya Infinity Trigger';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(find: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await find();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await sleep(100);
	}
}

/**
 * A finished run of the bridge matching `predicate`. Other tests' sends make the sandbox's agent
 * reply into this workflow too, so runs are picked by content, not by count.
 */
function bridgeRun(predicate: (run: StoredExecution) => boolean, what: string): Promise<StoredExecution> {
	return eventually(async () => (await executions(e2e().bridge.workflowId, { finishedOnly: true })).find(predicate), what);
}

describe('SMS ⇄ Avaya bridge template (real n8n)', () => {
	it('carries an end-user SMS to Avaya and the agent reply back to the phone', async () => {
		const inbound = await sandbox().smsInbound({ from: END_USER, to: e2e().avaya.registeredNumber, text: 'Is my parcel lost?' });

		expect(inbound.attempts.map((attempt) => attempt.status)).toEqual([200]);
		const reply = await eventually<SmsMessage>(
			async () => (await sandbox().smsOutbound()).find((sms) => sms.to === END_USER),
			'the SMS to the end user',
		);
		expect(reply).toMatchObject({ from: e2e().avaya.registeredNumber, to: END_USER, text: 'Agent: we received "Is my parcel lost?"' });

		const sendRun = await bridgeRun(
			(run) => (nodeOutput(run, SEND_NODE)[0]?.headers as { from?: string } | undefined)?.from === END_USER,
			'the run that sent the SMS to Avaya',
		);
		expect(sendRun.status).toBe('success');
		expect(nodeOutput(sendRun, SEND_NODE)[0]).toMatchObject({
			headers: { from: END_USER, destination: e2e().avaya.registeredNumber },
			body: { text: 'Is my parcel lost?' },
			contextParameters: { smsMessageId: (inbound.event as { messageId: string }).messageId },
		});
		const replyRun = await bridgeRun((run) => nodeOutput(run, TRIGGER_NODE)[0]?.to === END_USER, 'the run of the agent reply');
		expect(replyRun.status).toBe('success');
		expect(nodeOutput(replyRun, TRIGGER_NODE)[0]).toMatchObject({ senderType: 'agent', text: reply.text });
	});
});

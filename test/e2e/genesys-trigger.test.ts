/**
 * The Genesys Multicloud CX Trigger in a real n8n, driven by the sandbox's Genesys webhook sender
 * (signed agent messages, 10 s deadline, redelivery on 5xx). Workflows: test/e2e/workflows/genesys-trigger-*.json.
 */
import { randomUUID } from 'node:crypto';

import { SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { sign } from '../../nodes/shared/signature';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { executionCountAfter, executions, executionsFinished, nodeOutput, postRaw, sandbox, webhookUrl } from '../harness/context';

const DEFAULT_WORKFLOW = 'e2eGenTrigDef01';
const FINISHED_WORKFLOW = 'e2eGenTrigFin01';
const TRIGGER = 'Genesys Trigger';
const defaultUrl = () => webhookUrl('e2e00000-0000-4000-8000-00000000c7a1');
const finishedUrl = () => webhookUrl('e2e00000-0000-4000-8000-00000000c7a2');
const CONSUMER = '16504661149';

const count = async (workflowId: string) => (await executions(workflowId)).length;

describe('Genesys Multicloud CX Trigger (real n8n)', () => {
	it('answers 200 {"messageId"} fast, and the run carries the message fields', async () => {
		const before = await count(DEFAULT_WORKFLOW);
		const record = await sandbox().genesysEvent({ webhookUrl: defaultUrl(), to: CONSUMER, text: 'Agent message text' });
		expect(record.delivered).toBe(true);
		expect(record.attempts).toHaveLength(1);
		expect(record.genesys.matches).toBe(true);
		expect(record.genesys.answeredMessageId).toBe(record.genesys.messageId);
		// Within Genesys's deadline (10 s): n8n answers once the execution exists. How fast is the
		// benchmarks' business (trigger answer p99), not a timed test's.
		expect(record.genesys.answerMs).toBeLessThan(10_000);
		process.stderr.write(`[e2e] Genesys trigger answered in ${record.genesys.answerMs} ms\n`);

		const finished = await executionsFinished(DEFAULT_WORKFLOW, before + 1);
		const items = nodeOutput(finished[finished.length - 1], TRIGGER);
		expect(items).toEqual([
			expect.objectContaining({
				messageId: record.genesys.messageId,
				from: DEFAULT_GENESYS_TENANT.businessIds[0],
				to: CONSUMER,
				channelId: DEFAULT_GENESYS_TENANT.channelId,
				channelType: 'sms',
				messageType: 'Text',
				text: 'Agent message text',
				traceId: record.headers['x-b3-traceid'],
				payload: JSON.parse(record.bytes),
			}),
		]);
	});

	it('passes an e-mail through intact', async () => {
		const before = await count(DEFAULT_WORKFLOW);
		const record = await sandbox().genesysEvent({
			webhookUrl: defaultUrl(),
			type: 'Email',
			to: 'recipient-1@mail.com',
			subject: 'Subject',
			text: 'Plain text email body',
			html: 'Html email body',
			replyTo: { id: 'reply-to@company.com', name: 'Responder display name' },
		});
		expect(record.genesys.matches).toBe(true);
		const finished = await executionsFinished(DEFAULT_WORKFLOW, before + 1);
		expect(nodeOutput(finished[finished.length - 1], TRIGGER)[0]).toMatchObject({
			messageType: 'Email',
			subject: 'Subject',
			text: 'Plain text email body',
			html: 'Html email body',
			replyTo: { id: 'reply-to@company.com', name: 'Responder display name' },
			payload: JSON.parse(record.bytes),
		});
	});

	it.each([
		['forged', { secretOverride: 'forged-secret-example' }],
		['missing', { unsigned: true }],
	])('a %s signature gets 401 and starts no run', async (_name, options) => {
		const before = await count(DEFAULT_WORKFLOW);
		const record = await sandbox().genesysEvent({ webhookUrl: defaultUrl(), to: CONSUMER, text: 'x', maxAttempts: 1, ...options });
		expect(record.attempts.map((a) => a.status)).toEqual([401]);
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(before);
	});

	it('a signature over other bytes gets 401', async () => {
		const body = JSON.stringify({ channel: { messageId: randomUUID(), from: { id: 'a' }, to: { id: 'b' } }, type: 'Text', text: 'x' });
		const signature = sign(SIGNATURE, DEFAULT_GENESYS_TENANT.appSecret, `${body} `);
		const reply = await postRaw(defaultUrl(), body, { [SIGNATURE.header]: signature });
		expect(reply.status).toBe(401);
	});

	it('a redelivered messageId answers 200 with the same messageId and runs once', async () => {
		const before = await count(DEFAULT_WORKFLOW);
		const messageId = `${Date.now()}-redelivered`;
		const first = await sandbox().genesysEvent({ webhookUrl: defaultUrl(), to: CONSUMER, text: 'once', messageId });
		const again = await sandbox().genesysEvent({ webhookUrl: defaultUrl(), to: CONSUMER, text: 'once', messageId });
		expect([first.genesys.answeredMessageId, again.genesys.answeredMessageId]).toEqual([messageId, messageId]);
		expect(again.attempts.map((a) => a.status)).toEqual([200]);
		await executionsFinished(DEFAULT_WORKFLOW, before + 1);
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(before + 1);
	});
});

describe('Genesys Multicloud CX Trigger, "Answer When Workflow Finished" (real n8n)', () => {
	it('answers {"messageId"} (not the last node\'s data) after a successful run', async () => {
		const before = await count(FINISHED_WORKFLOW);
		const record = await sandbox().genesysEvent({ webhookUrl: finishedUrl(), to: CONSUMER, text: 'all good' });
		expect(record.attempts.map((a) => a.status)).toEqual([200]);
		expect(JSON.parse(record.attempts[0].body)).toEqual({ messageId: record.genesys.messageId });
		expect(record.genesys.answerMs).toBeLessThan(10_000);
		process.stderr.write(`[e2e] Genesys trigger (answer when finished) answered in ${record.genesys.answerMs} ms\n`);
		const finished = await executionsFinished(FINISHED_WORKFLOW, before + 1);
		expect(finished[finished.length - 1].status).toBe('success');
	});

	it('a failed run answers 500, Genesys redelivers, and each delivery runs again', async () => {
		const before = await count(FINISHED_WORKFLOW);
		const record = await sandbox().genesysEvent({ webhookUrl: finishedUrl(), to: CONSUMER, text: 'please FAIL', maxAttempts: 2, baseDelayMs: 50 });
		expect(record.attempts.map((a) => a.status)).toEqual([500, 500]);
		expect(record.delivered).toBe(false);
		const finished = await executionsFinished(FINISHED_WORKFLOW, before + 2);
		expect(finished.slice(-2).map((e) => e.status)).toEqual(['error', 'error']);
	});
});

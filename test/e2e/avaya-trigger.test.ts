/**
 * The Avaya Infinity Trigger in a real n8n: signed events at the production webhook URL, and what
 * n8n stored for them. Workflows: test/e2e/workflows/avaya-trigger-*.json.
 */
import { SIGNATURE } from '../../nodes/AvayaInfinity/contract';
import { sign } from '../../nodes/shared/signature';
import {
	avayaHealthCheck,
	avayaMessage,
	e2e,
	executionCountAfter,
	executions,
	executionsFinished,
	nodeOutput,
	postAvayaEvent,
	postRaw,
	sandbox,
	webhookUrl,
} from '../harness/context';

const DEFAULT_WORKFLOW = 'e2eAvayaTrigDef1';
const ALL_SENDERS_WORKFLOW = 'e2eAvayaTrigAll1';
/** Answers when the workflow has finished; the workflow works 500 ms. */
const WHEN_FINISHED_WORKFLOW = 'e2eAvayaTrigFin1';
const TRIGGER = 'Avaya Infinity Trigger';
const defaultUrl = () => webhookUrl('e2e-avaya-trigger-default');
const allSendersUrl = () => webhookUrl('e2e-avaya-trigger-all');
const whenFinishedUrl = () => webhookUrl('e2e-avaya-trigger-finished');

async function executionCount(workflowId: string): Promise<number> {
	return (await executions(workflowId)).length;
}

describe('Avaya Infinity Trigger (real n8n)', () => {
	it('accepts a signed agent message and stores one execution with the message fields at the top level', async () => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const event = avayaMessage('agent', 'Your order has shipped.');

		const response = await postAvayaEvent(defaultUrl(), event);

		expect(response.status).toBe(200);
		const finished = await executionsFinished(DEFAULT_WORKFLOW, before + 1);
		const execution = finished[finished.length - 1];
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		const items = nodeOutput(execution, TRIGGER);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			eventType: 'messages',
			eventId: event.eventId,
			eventTimestamp: event.eventTimestamp,
			messageId: event.messageId,
			conversationSessionId: event.conversationSessionId,
			connectorId: e2e().avaya.connectorId,
			accountId: e2e().avaya.accountId,
			from: e2e().avaya.registeredNumber,
			to: '+14155550123',
			recipients: ['+14155550123'],
			text: 'Your order has shipped.',
			senderType: 'agent',
			event,
		});
	});

	it('accepts a bot message', async () => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const response = await postAvayaEvent(defaultUrl(), avayaMessage('bot', 'Press 1 for billing.'));
		expect(response.status).toBe(200);
		const finished = await executionsFinished(DEFAULT_WORKFLOW, before + 1);
		expect(nodeOutput(finished[finished.length - 1], TRIGGER)[0]).toMatchObject({ senderType: 'bot', text: 'Press 1 for billing.' });
	});

	it.each([
		['unsigned', { unsigned: true }],
		['signed with another secret (forged)', { secret: 'forged-example-secret' }],
		['signature without the sha256= prefix', { signature: 'HDJxXOD1ykNxvjIBQlP0DHf5nwHH6dfY+5LWy46lFto=' }],
		['empty signature header', { signature: '' }],
	])('answers 401 and starts no execution for an event %s', async (_case, options) => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const response = await postAvayaEvent(defaultUrl(), avayaMessage('agent', 'should not run'), options);
		expect(response.status).toBe(401);
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(before);
	});

	it('answers 401 when the body was changed after signing', async () => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const event = avayaMessage('agent', 'original text');
		const signature = sign(SIGNATURE, e2e().avaya.webhookSecret, JSON.stringify(event));
		const tampered = JSON.stringify({ ...event, body: { text: 'tampered text' } });
		const response = await postRaw(defaultUrl(), tampered, { [SIGNATURE.header]: signature });
		expect(response.status).toBe(401);
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(before);
	});

	it('answers a signed health check with 200 and starts no execution', async () => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const response = await postAvayaEvent(defaultUrl(), avayaHealthCheck());
		expect(response.status).toBe(200);
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(before);
	});

	it('answers an unsigned health check with 401 (a secret is set)', async () => {
		const response = await postAvayaEvent(defaultUrl(), avayaHealthCheck(), { unsigned: true });
		expect(response.status).toBe(401);
	});

	it('emits the health check as an item when "Emit Health Checks" is on', async () => {
		const before = await executionCount(ALL_SENDERS_WORKFLOW);
		const check = avayaHealthCheck();
		const response = await postAvayaEvent(allSendersUrl(), check);
		expect(response.status).toBe(200);
		const finished = await executionsFinished(ALL_SENDERS_WORKFLOW, before + 1);
		expect(nodeOutput(finished[finished.length - 1], TRIGGER)[0]).toMatchObject({ eventType: 'health_check', eventId: check.eventId });
	});

	it('runs once for an event delivered twice (same eventId)', async () => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const event = avayaMessage('agent', 'delivered twice');

		const first = await postAvayaEvent(defaultUrl(), event);
		const second = await postAvayaEvent(defaultUrl(), event);

		expect(first.status).toBe(200);
		expect(second.status).toBe(200);
		await executionsFinished(DEFAULT_WORKFLOW, before + 1);
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(before + 1);
	});

	it('filters customer messages by default (200, no execution) and passes them when selected', async () => {
		const beforeDefault = await executionCount(DEFAULT_WORKFLOW);
		const beforeAll = await executionCount(ALL_SENDERS_WORKFLOW);
		const event = avayaMessage('customer', 'Hi, where is my order?');

		const filtered = await postAvayaEvent(defaultUrl(), event);
		const passed = await postAvayaEvent(allSendersUrl(), event);

		expect(filtered.status).toBe(200);
		expect(passed.status).toBe(200);
		const finished = await executionsFinished(ALL_SENDERS_WORKFLOW, beforeAll + 1);
		expect(nodeOutput(finished[finished.length - 1], TRIGGER)[0]).toMatchObject({
			senderType: 'customer',
			from: '+14155550123',
			to: e2e().avaya.registeredNumber,
		});
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(beforeDefault);
	});

	it('answers 400 to a signed JSON body that is not an event object, or a messages event missing fields', async () => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const notAnObject = await postAvayaEvent(defaultUrl(), '["messages"]');
		const withoutSender: Record<string, unknown> = { ...avayaMessage('agent', 'no sender') };
		delete withoutSender.sender;
		const incomplete = await postAvayaEvent(defaultUrl(), withoutSender);

		expect(notAnObject.status).toBe(400);
		expect(incomplete.status).toBe(400);
		expect(incomplete.text).toContain('sender');
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(before);
	});

	it('leaves malformed JSON to n8n, which answers 422 before the trigger runs (no execution)', async () => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const response = await postAvayaEvent(defaultUrl(), '{"eventType": "messages", ');
		expect(response.status).toBe(422);
		expect(await executionCountAfter(DEFAULT_WORKFLOW)).toBe(before);
	});

	it("accepts the sandbox's own signed events, pretty-printed JSON included", async () => {
		const before = await executionCount(DEFAULT_WORKFLOW);
		const client = sandbox();
		const route = { from: e2e().avaya.registeredNumber, to: ['+14155550123'], webhookUrl: defaultUrl() };
		const compact = await client.avayaEvent({ ...route, senderType: 'agent', text: 'compact from the sandbox' });
		const pretty = await client.avayaEvent({ ...route, senderType: 'bot', text: 'pretty from the sandbox', pretty: true });

		expect(compact.attempts.map((attempt) => attempt.status)).toEqual([200]);
		expect(pretty.attempts.map((attempt) => attempt.status)).toEqual([200]);
		expect(pretty.bytes).toContain('\n  ');
		const finished = await executionsFinished(DEFAULT_WORKFLOW, before + 2);
		const texts = finished.slice(-2).map((execution) => nodeOutput(execution, TRIGGER)[0].text);
		expect(texts.sort()).toEqual(['compact from the sandbox', 'pretty from the sandbox']);
	});

	it('answering when finished: a vendor that hangs up mid-run and redelivers meets 503 until the run has ended, then 200, and the event runs once', async () => {
		const before = await executionCount(WHEN_FINISHED_WORKFLOW);
		const event = avayaMessage('agent', 'the vendor hung up before the run ended');
		// 300 ms in: the events are with n8n and the 500 ms of work are under way.
		await expect(postAvayaEvent(whenFinishedUrl(), event, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
		expect((await postAvayaEvent(whenFinishedUrl(), event)).status).toBe(503);

		const finished = await executionsFinished(WHEN_FINISHED_WORKFLOW, before + 1);
		expect(finished[finished.length - 1].status).toBe('success');
		// n8n's answer, written on the closed connection, settles the claim: redeliveries are replays.
		let status = 503;
		for (let attempt = 0; status === 503 && attempt < 40; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 250));
			status = (await postAvayaEvent(whenFinishedUrl(), event)).status;
		}
		expect(status).toBe(200);
		expect(await executionCountAfter(WHEN_FINISHED_WORKFLOW)).toBe(before + 1);
	});

	it("passes the sandbox's Validate URL (the connector's webhook is the bridge template's trigger)", async () => {
		const result = await sandbox().avayaValidate();
		expect(result.delivered).toBe(true);
		expect(result.attempts.map((attempt) => attempt.status)).toEqual([200]);
		expect(result.record.url).toBe(e2e().bridge.avayaTriggerUrl);
	});
});

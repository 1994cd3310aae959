/**
 * Queue mode: two webhook processes answer the same vendor, so a redelivery can land on the other
 * one. The triggers' replay memory lives in n8n's Redis there: the same signed event POSTed to both
 * processes at once, or to one and then the other, starts exactly one run, whether the trigger
 * answers on acceptance or when the workflow has finished.
 */
import { avayaMessage, e2e, executionCountAfter, executions, executionsFinished, postAvayaEvent, type HttpResult } from '../harness/context';

const ON_ACCEPTANCE = { workflowId: 'e2eAvayaTrigDef1', webhookId: 'e2e-avaya-trigger-default' };
const WHEN_FINISHED = { workflowId: 'e2eAvayaTrigFin1', webhookId: 'e2e-avaya-trigger-finished' };

/** The trigger's URL on each webhook process, bypassing the balancer. */
function processUrls(webhookId: string): string[] {
	const urls = e2e().webhookProcessUrls.map((base) => `${base}/webhook/${webhookId}/webhook`);
	if (urls.length < 2) throw new Error(`queue mode with two webhook processes expected (mode ${e2e().mode}, ${urls.length} process URLs)`);
	return urls;
}

const statuses = (answers: HttpResult[]) => answers.map((answer) => answer.status).sort();

describe.each([
	['on acceptance', ON_ACCEPTANCE],
	['when the workflow has finished', WHEN_FINISHED],
])('replay memory across webhook processes, trigger answering %s', (_, trigger) => {
	it('runs an event POSTed to both webhook processes at once exactly once', async () => {
		const before = (await executions(trigger.workflowId)).length;
		const events = Array.from({ length: 5 }, (_unused, i) => avayaMessage('agent', `to both processes at once #${i}`));

		const answers = await Promise.all(events.map((event) => Promise.all(processUrls(trigger.webhookId).map((url) => postAvayaEvent(url, event)))));

		for (const pair of answers) {
			// One process takes the event; the other finds it pending (503, the vendor retries) or already accepted (200, no run).
			expect(statuses(pair)).toContainEqual(200);
			for (const status of statuses(pair)) expect([200, 503]).toContain(status);
		}
		await executionsFinished(trigger.workflowId, before + events.length);
		// Redelivered later to each process: answered as a replay, no further run.
		for (const event of events) {
			for (const url of processUrls(trigger.webhookId)) expect((await postAvayaEvent(url, event)).status).toBe(200);
		}
		expect(await executionCountAfter(trigger.workflowId)).toBe(before + events.length);
	});

	it('runs an event POSTed to one webhook process and then the other exactly once', async () => {
		const before = (await executions(trigger.workflowId)).length;
		const event = avayaMessage('agent', 'to one process, then the other');
		const [first, second] = processUrls(trigger.webhookId);

		expect((await postAvayaEvent(first, event)).status).toBe(200);
		expect((await postAvayaEvent(second, event)).status).toBe(200);

		const finished = await executionsFinished(trigger.workflowId, before + 1);
		expect(finished[finished.length - 1].status).toBe('success');
		expect(await executionCountAfter(trigger.workflowId)).toBe(before + 1);
	});
});

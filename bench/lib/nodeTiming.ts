/**
 * One run of a bench workflow started through its webhook: the time to n8n's answer after the last
 * node, and n8n's own timing of the node under test (the executionTime it stored for that node's run:
 * the items in, the requests sent, the answers mapped to output items).
 */
import { readExecutions } from '../../test/harness/executions';
import type { BenchBed } from './benchBed';
import { drained } from './executionCounts';
import { timedPost } from './http';

export interface WorkflowUnderTest {
	workflowId: string;
	/** The webhook path that starts it (Webhook node, answering after the last node). */
	path: string;
	/** The node whose run n8n timed. */
	node: string;
}

/** How long n8n measured `node`'s run in the newest finished execution of the workflow. */
export async function nodeExecutionMs(userFolder: string, workflowId: string, node: string): Promise<number> {
	const executions = await readExecutions(userFolder, workflowId, { finishedOnly: true });
	const run = executions.at(-1)?.runData[node]?.[0];
	if (!run?.executionTime) throw new Error(`no run of "${node}" with an execution time in the newest execution of ${workflowId}`);
	return run.executionTime;
}

export async function runWorkflow(bed: BenchBed, workflow: WorkflowUnderTest, body: unknown, timeLimitMs: number): Promise<{ wholeMs: number; nodeMs: number }> {
	const answer = await timedPost(bed.n8n.productionUrl(workflow.path), JSON.stringify(body), { 'content-type': 'application/json' }, timeLimitMs);
	if (answer.status !== 200) throw new Error(`${workflow.workflowId}: n8n answered ${answer.status} (${answer.body.slice(0, 300)})`);
	await drained(bed.n8n.userFolder, workflow.workflowId);
	return { wholeMs: answer.ms, nodeMs: await nodeExecutionMs(bed.n8n.userFolder, workflow.workflowId, workflow.node) };
}

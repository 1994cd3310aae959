/**
 * Google CCAI Platform pacing: N items through the CCAI Platform node (Webhook → Code making N
 * items → Send Outbound SMS) with the sandbox refusing (429) any request beyond `rate` in a sliding
 * second, and the credential's Requests per Second set to the same rate. What counts: no 429 at the
 * sandbox, and the node's run (n8n's own timing) close to the theoretical minimum, N ÷ rate seconds.
 */
import { RATE_LIMIT_PER_SECOND } from '../../nodes/CcaiPlatform/contract';
import { AcceptedLog, CCAI_CHATS } from '../lib/accepted';
import { CCAI_BENCH_RATE, type BenchBed } from '../lib/benchBed';
import { runWorkflow, type WorkflowUnderTest } from '../lib/nodeTiming';
import { spreadOf } from '../lib/ratios';
import { formatNumber, type Row } from '../lib/report';
import { median } from '../lib/stats';

export const CCAI_WORKFLOW: WorkflowUnderTest = { workflowId: 'benchCcaiPacing1', path: 'bench-ccai', node: 'CCAI Outbound SMS' };

export interface CcaiPacingOptions {
	count: number;
	runs: number;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export async function benchCcaiPacing(bed: BenchBed, options: CcaiPacingOptions): Promise<Row[]> {
	const { count, runs } = options;
	const client = bed.sandbox.client;
	const minimumMs = (count / CCAI_BENCH_RATE) * 1000;
	await client.patchConfig({ latencyMs: 0, ccai: { rateLimitPerSecond: CCAI_BENCH_RATE } });
	const accepted = new AcceptedLog(client, CCAI_CHATS);
	await accepted.next();
	const mark = Math.max(0, ...(await client.records({ vendor: 'ccai' })).map((record) => record.seq));
	const limitedBefore = (await client.ccaiRateLimited()).length;
	const elapsedMs: number[] = [];
	try {
		for (let run = 1; run <= runs; run++) {
			// Every end user may have one active SMS session: the previous run's chats end first.
			await client.ccaiEndSessions();
			const tag = `ccai-${run}`;
			const timing = await runWorkflow(bed, CCAI_WORKFLOW, { count, tag }, minimumMs * 3 + 60_000);
			const got = await accepted.collect(`${tag}-`, count, 30_000);
			if (got.length !== count) throw new Error(`CCAI ${tag}: the sandbox created ${got.length}/${count} chats`);
			elapsedMs.push(timing.nodeMs);
			log(`CCAI pacing run ${run}/${runs}: ${formatNumber(count)} items in ${formatNumber(timing.nodeMs / 1000, 2)} s (minimum ${formatNumber(minimumMs / 1000, 1)} s)`);
		}
	} finally {
		await client.ccaiEndSessions();
		await client.patchConfig({ ccai: { rateLimitPerSecond: RATE_LIMIT_PER_SECOND } });
	}
	const limited = (await client.ccaiRateLimited()).length - limitedBefore;
	const requests = (await client.records({ vendor: 'ccai', kind: 'sms', since: mark })).length;
	const ratios = spreadOf(elapsedMs.map((ms) => ms / minimumMs));
	const what = `${formatNumber(count)} items through the Google CCAI Platform node, sandbox limit ${CCAI_BENCH_RATE} requests per sliding second, credential Requests per Second ${CCAI_BENCH_RATE}`;
	return [
		{
			measure: `CCAI Platform pacing, ${what}: the node's run (n8n's own timing) vs the theoretical minimum ${formatNumber(count)} ÷ ${CCAI_BENCH_RATE}/s (median of ${runs} runs; met when every run is)`,
			ours: `${formatNumber(median(elapsedMs) / 1000, 2)} s`,
			baseline: `${formatNumber(minimumMs / 1000, 2)} s minimum`,
			ratio: ratios.median,
			spread: runs > 1 ? ratios : undefined,
			target: '≤ 1.10×',
			met: ratios.max <= 1.1,
		},
		{
			measure: `CCAI Platform pacing, the same ${formatNumber(runs * count)} items: requests the sandbox answered 429 (GET /_admin/ccai/rate-limited) of all it received`,
			ours: `${formatNumber(limited)} answered 429`,
			baseline: `${formatNumber(requests)} requests`,
			ratio: requests ? limited / requests : Number.NaN,
			target: '= 0 (no 429)',
			met: limited === 0,
		},
	];
}

/**
 * Webex Connect send path at campaign scale: N items (one recipient each, the same text) in one
 * execution through the Webex Connect Send SMS node, which groups identical messages into requests
 * of up to 1000 destinations, against raw undici posting the same batched requests with the node's
 * concurrency (1). Every run counts its requests at the sandbox and checks every recipient was queued.
 */
import { LIMITS } from '../../nodes/WebexConnect/contract';
import { DEFAULT_WEBEX_SERVICE, defaultWebexConfig } from '../../sandbox/vendors/webexConfig';
import { RawWebexSender } from '../contenders/rawWebex';
import { AcceptedLog, WEBEX_RECIPIENTS } from '../lib/accepted';
import type { BenchBed } from '../lib/benchBed';
import { runWorkflow, type WorkflowUnderTest } from '../lib/nodeTiming';
import { formatNumber, type Row } from '../lib/report';
import { alternatedSends, sendRows } from '../lib/sendRounds';

export const WEBEX_WORKFLOW: WorkflowUnderTest = { workflowId: 'benchWebexSend01', path: 'bench-webex', node: 'Webex Send SMS' };
/** The node's batch concurrency (the shared router's default for batched operations). */
export const WEBEX_CONCURRENCY = 1;
/**
 * Every run sends to fresh numbers (another area code), so the node's cache of parsed numbers
 * (nodes/shared/phone.ts, 10 000 entries) never holds a run's recipients from an earlier run.
 */
const AREA_CODES = ['650', '415', '408', '510', '212', '312', '617', '206'];
/**
 * The sandbox reports each queued number's delivery to the notify URL. No notify URL is set, and the
 * first report is held back past the end of the bench, so no contender shares the machine with them.
 */
export const HELD_BACK_REPORT_MS = 6 * 3600_000;

export interface WebexSendOptions {
	count: number;
	pairs: number;
}

/** The recipients of run `run`: the same generator as the bench workflow's Code node (bench/workflows/webex-send.json). */
function recipients(run: number, count: number): { areaCode: string; numbers: string[] } {
	const areaCode = AREA_CODES[run % AREA_CODES.length];
	return { areaCode, numbers: Array.from({ length: count }, (_, i) => `+1${areaCode}555${String(i).padStart(4, '0')}`) };
}

export async function benchWebexSend(bed: BenchBed, options: WebexSendOptions): Promise<Row[]> {
	const { count, pairs } = options;
	if (count > 10_000) throw new Error('one area code gives at most 10 000 recipients');
	const client = bed.sandbox.client;
	await client.patchConfig({ latencyMs: 0, webex: { service: { notifyUrl: '' }, notifications: { firstDelayMs: HELD_BACK_REPORT_MS } } });
	const accepted = new AcceptedLog(client, WEBEX_RECIPIENTS);
	await accepted.next();
	let requestsSince = Math.max(0, ...(await client.records({ vendor: 'webex' })).map((record) => record.seq));
	const requestsOfRun = async () => {
		const records = (await client.records({ vendor: 'webex', kind: 'messaging', since: requestsSince })).filter((record) => record.method === 'POST');
		for (const record of records) requestsSince = Math.max(requestsSince, record.seq);
		return records.length;
	};
	const raw = new RawWebexSender(`${bed.sandbox.url}/webex`, DEFAULT_WEBEX_SERVICE.serviceKey);
	const timeLimitMs = Math.max(60_000, count * 10);
	const checkAccepted = async (tag: string) => {
		const got = await accepted.collect(tag, count, 60_000);
		if (got.length !== count) throw new Error(`Webex ${tag}: the sandbox queued ${got.length}/${count} recipients`);
	};
	const nodeRequests: number[] = [];
	const rawRequests: number[] = [];
	try {
		const rounds = await alternatedSends('Webex send', pairs, {
			async ours(run) {
				const tag = `webex-${run}-ours`;
				const { areaCode } = recipients(run, count);
				const timing = await runWorkflow(bed, WEBEX_WORKFLOW, { count, areaCode, text: tag }, timeLimitMs);
				await checkAccepted(tag);
				nodeRequests.push(await requestsOfRun());
				return { node: count / (timing.nodeMs / 1000), whole: count / (timing.wholeMs / 1000) };
			},
			async raw(run) {
				const tag = `webex-${run}-raw`;
				const result = await raw.send({ numbers: recipients(run, count).numbers, text: tag, concurrency: WEBEX_CONCURRENCY, timeLimitMs });
				if (result.sent !== count) throw new Error(`raw Webex ${tag}: ${result.sent}/${count} recipients queued`);
				await checkAccepted(tag);
				rawRequests.push(await requestsOfRun());
				return count / (result.elapsedMs / 1000);
			},
		});
		const fewest = Math.ceil(count / LIMITS.destinations);
		const mostRequests = Math.max(...nodeRequests);
		return [
			{
				measure: `Webex Connect Send SMS, ${formatNumber(count)} items (one recipient each, the same text): requests the sandbox received per execution, most of ${nodeRequests.length} executions, vs ${formatNumber(count)} ÷ ${formatNumber(LIMITS.destinations)} destinations per request`,
				ours: `${formatNumber(mostRequests)} requests`,
				baseline: `${formatNumber(fewest)} requests (raw undici sent ${formatNumber(Math.max(...rawRequests))})`,
				ratio: mostRequests / fewest,
				target: '≤ 1.00× (≤ 10 requests)',
				met: mostRequests <= fewest,
			},
			...sendRows(rounds, {
				node: `Send path, ${formatNumber(count)} recipients through the Webex Connect Send SMS node (n8n's own timing of the node), batches of ${formatNumber(LIMITS.destinations)}, vendor latency 0 ms, concurrency ${WEBEX_CONCURRENCY} as the node sends (median of ${pairs} alternated pairs)`,
				whole: `Send path, ${formatNumber(count)} recipients through Webex Connect Send SMS, whole execution (webhook → Code node making the items → send node → n8n's answer)`,
			}),
		];
	} finally {
		await raw.close();
		await client.patchConfig({ webex: { notifications: { firstDelayMs: defaultWebexConfig().notifications.firstDelayMs } } });
	}
}

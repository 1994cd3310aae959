/**
 * Send path, batch: N items in one execution through the Avaya Send Message node (Webhook →
 * Code making N items → Avaya Send, timed from the POST to n8n's answer after the last node)
 * against raw undici sending the same requests at the same concurrency straight to the sandbox.
 * Contenders alternate; the figures are medians. n8n's RSS is sampled during the node's runs.
 */
import { RawUndiciSender } from '../contenders/rawUndici';
import { AcceptedLog } from '../lib/accepted';
import { BUSINESS_NUMBER, END_USER } from '../lib/avayaEvents';
import { BATCH_CONCURRENCY, RAW_TENANT, type BenchBed } from '../lib/benchBed';
import { drained } from '../lib/executionCounts';
import { timedPost } from '../lib/http';
import { sleep } from '../lib/load';
import { nodeExecutionMs } from '../lib/nodeTiming';
import { formatNumber, type Row } from '../lib/report';
import { SEND_PATH_TARGET } from '../lib/sendRounds';
import { sampleTree, startRssSampler } from '../lib/rss';
import { median } from '../lib/stats';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';

export interface BatchSize {
	count: number;
	pairs: number;
	latencyMs: number;
	/** Whether the send-path target applies; at 50 ms both contenders wait on the vendor. */
	targeted: boolean;
}

export interface MemoryFigures {
	idleMainMb: number;
	idleRunnerMb: number;
	peakMainMb: number;
	peakRunnerMb: number;
	items: number;
}

const WORKFLOW_ID = 'benchBatchSend01';
const SEND_NODE = 'Avaya Send Message';
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export async function benchBatch(bed: BenchBed, sizes: BatchSize[]): Promise<{ rows: Row[]; memory: MemoryFigures; itemsSent: number; executions: number }> {
	const accepted = new AcceptedLog(bed.sandbox.client);
	await accepted.next();
	const raw = new RawUndiciSender({
		avayaBaseUrl: `${bed.sandbox.url}/avaya`,
		clientId: RAW_TENANT.clientId,
		clientSecret: RAW_TENANT.clientSecret,
		connectorId: DEFAULT_AVAYA_TENANT.connectorId,
	});
	await sleep(3000);
	const idle = sampleTree(bed.n8n.pid);
	const memory: MemoryFigures = { idleMainMb: idle.mainMb, idleRunnerMb: idle.childrenMb, peakMainMb: 0, peakRunnerMb: 0, items: 0 };
	const rows: Row[] = [];
	let itemsSent = 0;
	let executions = 0;
	try {
		// One untimed run per contender first, so neither is measured with cold code (JIT) or pools.
		const warmUp = sizes[0];
		await bed.sandbox.client.patchConfig({ latencyMs: warmUp.latencyMs });
		const warmTag = 'batch-warm-up';
		const warm = await timedPost(
			bed.n8n.productionUrl('bench-batch'),
			JSON.stringify({ count: warmUp.count, tag: `${warmTag}-ours`, from: END_USER, destination: BUSINESS_NUMBER }),
			{ 'content-type': 'application/json' },
			60_000,
		);
		if (warm.status !== 200 || (await accepted.collect(`${warmTag}-ours-`, warmUp.count, 30_000)).length !== warmUp.count) {
			throw new Error(`batch warm-up: n8n answered ${warm.status} (${warm.body.slice(0, 300)})`);
		}
		await drained(bed.n8n.userFolder, WORKFLOW_ID);
		await raw.send({ count: warmUp.count, concurrency: BATCH_CONCURRENCY, tag: `${warmTag}-raw`, from: END_USER, destination: BUSINESS_NUMBER, timeLimitMs: 60_000 });
		await accepted.collect(`${warmTag}-raw-`, warmUp.count, 30_000);
		itemsSent += warmUp.count;
		executions += 1;
		log(`batch warm-up done (${warmUp.count} items per contender, untimed)`);

		for (const size of sizes) {
			await bed.sandbox.client.patchConfig({ latencyMs: size.latencyMs });
			const oursRates: number[] = [];
			const nodeRates: number[] = [];
			const rawRates: number[] = [];
			const timeLimitMs = Math.max(60_000, size.count * 20);
			for (let pair = 0; pair < size.pairs; pair++) {
				const tag = `batch-${size.count}-${size.latencyMs}-${pair}-ours`;
				const sampler = size.count >= 10_000 ? startRssSampler(bed.n8n.pid) : undefined;
				const answer = await timedPost(
					bed.n8n.productionUrl('bench-batch'),
					JSON.stringify({ count: size.count, tag, from: END_USER, destination: BUSINESS_NUMBER }),
					{ 'content-type': 'application/json' },
					timeLimitMs,
				);
				const peaks = sampler?.stop();
				if (peaks) {
					memory.peakMainMb = Math.max(memory.peakMainMb, peaks.peakMainMb);
					memory.peakRunnerMb = Math.max(memory.peakRunnerMb, peaks.peakChildrenMb);
					memory.items = size.count;
				}
				const got = await accepted.collect(`${tag}-`, size.count, 30_000);
				if (answer.status !== 200 || got.length !== size.count) {
					throw new Error(`batch ${tag}: n8n answered ${answer.status} (${answer.body.slice(0, 300)}), sandbox accepted ${got.length}/${size.count}`);
				}
				itemsSent += size.count;
				executions += 1;
				oursRates.push(size.count / (answer.ms / 1000));
				await drained(bed.n8n.userFolder, WORKFLOW_ID);
				nodeRates.push(size.count / ((await nodeExecutionMs(bed.n8n.userFolder, WORKFLOW_ID, SEND_NODE)) / 1000));

				const rawTag = `batch-${size.count}-${size.latencyMs}-${pair}-raw`;
				const rawResult = await raw.send({ count: size.count, concurrency: BATCH_CONCURRENCY, tag: rawTag, from: END_USER, destination: BUSINESS_NUMBER, timeLimitMs });
				const rawGot = await accepted.collect(`${rawTag}-`, size.count, 30_000);
				if (rawResult.sent !== size.count || rawGot.length !== size.count) throw new Error(`raw batch ${rawTag}: sent ${rawResult.sent}, accepted ${rawGot.length}`);
				rawRates.push(size.count / (rawResult.elapsedMs / 1000));
				log(`batch ${size.count} items @${size.latencyMs} ms, pair ${pair + 1}/${size.pairs}: node ${formatNumber(oursRates[pair])} items/s, raw undici ${formatNumber(rawRates[pair])} items/s`);
			}
			const ours = median(oursRates);
			const node = median(nodeRates);
			const baseline = median(rawRates);
			rows.push({
				measure: `Send path, ${formatNumber(size.count)} items through the Avaya Send Message node (n8n's own timing of the node), vendor latency ${size.latencyMs} ms, concurrency ${BATCH_CONCURRENCY} (median of ${size.pairs})`,
				ours: `${formatNumber(node)} items/s`,
				baseline: `${formatNumber(baseline)} items/s (raw undici)`,
				ratio: node / baseline,
				target: size.targeted ? `≥ ${SEND_PATH_TARGET.toFixed(2)}×` : 'none (informative)',
				met: size.targeted ? node / baseline >= SEND_PATH_TARGET : true,
			});
			rows.push({
				measure: `Send path, ${formatNumber(size.count)} items, whole execution (webhook → Code node making the items → send node → n8n's answer), vendor latency ${size.latencyMs} ms`,
				ours: `${formatNumber(ours)} items/s`,
				baseline: `${formatNumber(baseline)} items/s (raw undici)`,
				ratio: ours / baseline,
				target: 'none (informative)',
				met: true,
			});
		}
	} finally {
		await raw.close();
	}
	return { rows, memory, itemsSent, executions };
}

export function memoryRows(memory: MemoryFigures): Row[] {
	const main = memory.peakMainMb / memory.idleMainMb;
	const runner = memory.peakRunnerMb / memory.idleRunnerMb;
	return [
		{
			measure: `Memory: n8n main process RSS, peak during the ${formatNumber(memory.items)}-item runs vs idle`,
			ours: `${formatNumber(memory.peakMainMb)} MB peak`,
			baseline: `${formatNumber(memory.idleMainMb)} MB idle`,
			ratio: main,
			target: '≤ 1.50×',
			met: main <= 1.5,
		},
		{
			measure: `Memory: n8n JS task runner RSS, peak during the ${formatNumber(memory.items)}-item runs vs idle`,
			ours: `${formatNumber(memory.peakRunnerMb)} MB peak`,
			baseline: `${formatNumber(memory.idleRunnerMb)} MB idle`,
			ratio: runner,
			target: '≤ 1.50×',
			met: runner <= 1.5,
		},
	];
}

/**
 * `npm run bench`: the package measured the way its users run it, inside a real n8n, against
 * baselines measured side by side in the same run. Prints a table of ratios, writes it to
 * bench/results/latest.md with a chart of trigger answer times, and puts it in the README.
 * Every load is bounded in count and time; all traffic stays on 127.0.0.1.
 */
import { startBenchBed, type BenchBed } from './lib/benchBed';
import { answerTimeChart } from './lib/chart';
import { renderTable, type Row } from './lib/report';
import { machineLine, updateReadme, writeResults } from './lib/results';
import { benchAnswerTime } from './scenarios/answerTime';
import { benchBatch, memoryRows, type BatchSize } from './scenarios/batch';
import { benchBridge, type BridgeOptions } from './scenarios/bridge';
import { tokenRows } from './scenarios/tokens';

/** The whole bench stops itself after this long, whatever state it is in. */
const TOTAL_TIME_LIMIT_MS = 15 * 60_000;

/** BENCH_QUICK=1: a smoke run with small counts that writes no results. */
const QUICK = process.env.BENCH_QUICK === '1';

const BATCH_SIZES: BatchSize[] = QUICK
	? [
			{ count: 200, pairs: 1, latencyMs: 0, targeted: true },
			{ count: 10_000, pairs: 1, latencyMs: 0, targeted: true },
		]
	: [
			{ count: 1_000, pairs: 5, latencyMs: 0, targeted: true },
			{ count: 10_000, pairs: 3, latencyMs: 0, targeted: true },
			{ count: 1_000, pairs: 3, latencyMs: 50, targeted: false },
		];
const BRIDGE: BridgeOptions = { latencyMs: 50, messagesPerRound: QUICK ? 40 : 200, rounds: 2, senders: 20, expireTokensFirst: true };
const ANSWER_TIME = { requestsPerContender: QUICK ? 80 : 1000, rounds: QUICK ? 4 : 10, senders: 20 };

function describeRun(seconds: number): string {
	const batch = BATCH_SIZES.map((s) => `${s.count.toLocaleString('en-US')} items × ${s.pairs} pairs at ${s.latencyMs} ms`).join(', ');
	return [
		`- Send path: ${batch}; after one untimed warm-up run each, the node and raw undici alternate (node, raw, node, raw, …); medians. The targeted rows use n8n's own measurement of the send node's run (its executionTime in the stored run data: the items in, the requests sent, the answers mapped to output items); the whole-execution rows are timed from the POST that starts the workflow to n8n's answer after the last node, nothing subtracted.`,
		`- Bridge: ${BRIDGE.rounds} rounds × ${BRIDGE.messagesPerRound} signed events per contender, ${BRIDGE.senders} concurrent senders, vendor latency ${BRIDGE.latencyMs} ms, contenders alternating by round. The sandbox expired every token once before the first round.`,
		`- Answer time: ${ANSWER_TIME.requestsPerContender} signed events per contender in ${ANSWER_TIME.rounds} rotating rounds, ${ANSWER_TIME.senders} concurrent senders; each round waits for its runs to finish.`,
		`- Memory: VmRSS from /proc of n8n's main process and its JS task runner, idle (after start-up, before any run) and sampled every 100 ms during the 10 000-item runs.`,
		`- The sandbox runs in its own process; everything on 127.0.0.1. Whole run: ${Math.round(seconds)} s.`,
	].join('\n');
}

async function main(): Promise<void> {
	const started = Date.now();
	let bed: BenchBed | undefined;
	const watchdog = setTimeout(() => {
		process.stderr.write(`[bench] time limit of ${TOTAL_TIME_LIMIT_MS / 60_000} min reached: stopping\n`);
		void (bed?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
	}, TOTAL_TIME_LIMIT_MS);
	watchdog.unref();
	try {
		bed = await startBenchBed();
		const rows: Row[] = [];
		const batch = await benchBatch(bed, BATCH_SIZES);
		rows.push(...batch.rows);
		const bridge = await benchBridge(bed, BRIDGE);
		rows.push(...bridge.rows);
		const answers = await benchAnswerTime(bed, ANSWER_TIME);
		rows.push(...answers.rows);
		rows.push(
			...(await tokenRows(bed, {
				items: batch.itemsSent + bridge.packageMessages,
				executions: batch.executions + bridge.packageMessages,
				builderMessages: bridge.builderMessages,
				lifetimes: BRIDGE.expireTokensFirst ? 2 : 1,
				runSeconds: (Date.now() - started) / 1000,
			})),
		);
		rows.push(...memoryRows(batch.memory));

		const seconds = (Date.now() - started) / 1000;
		const table = renderTable(rows);
		const machine = machineLine(bed.n8n.version, bed.n8n.nodeVersion);
		const section = [
			`Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.`,
			'Each row is the ratio of two figures measured in the same run (this package ÷ the baseline).',
			'',
			table,
			'',
			describeRun(seconds),
			'',
			'![Trigger answer times](bench/results/answer-times.png)',
		].join('\n');
		const chart = answerTimeChart(`Webhook answer time, ${ANSWER_TIME.senders} concurrent senders`, answers.series);
		if (QUICK) {
			console.log(`\n${machine}\n\n${table}\n\n(BENCH_QUICK: nothing written)`);
			return;
		}
		writeResults(`# Benchmark results\n\n${section.replace('bench/results/answer-times.png', 'answer-times.png')}\n`, chart);
		updateReadme(section);
		console.log(`\n${machine}\n\n${table}\n\nWritten to bench/results/latest.md and README.md (${Math.round(seconds)} s).`);
		const missed = rows.filter((row) => !row.met);
		if (missed.length) console.log(`Missed targets: ${missed.map((row) => row.measure.split(' (')[0]).join('; ')}`);
	} finally {
		clearTimeout(watchdog);
		await bed?.stop();
	}
}

main().catch((error: unknown) => {
	console.error('bench failed:', error);
	process.exitCode = 1;
});

/**
 * `npm run bench`: the package measured the way its users run it, inside a real n8n, against
 * baselines measured side by side in the same run. Prints a table of ratios, writes it to
 * bench/results/latest.md with a chart of trigger answer times, and puts it in the README.
 * Every load is bounded in count and time; all traffic stays on 127.0.0.1.
 */
import * as os from 'node:os';

import { startBenchBed, type BenchBed } from './lib/benchBed';
import { answerTimeChart } from './lib/chart';
import { clockTicksPerSecond } from './lib/cpu';
import { formatNumber, formatRatio, renderTable, type Row } from './lib/report';
import { machineLine, updateReadme, writeResults } from './lib/results';
import { ALVARIA_CONCURRENCY, benchAlvariaSend, type AlvariaSendOptions } from './scenarios/alvariaSend';
import { benchAnswerTime } from './scenarios/answerTime';
import { benchBatch, memoryRows, type BatchSize } from './scenarios/batch';
import { benchBridge, type BridgeOptions, type BridgeOutcome } from './scenarios/bridge';
import { avayaBridge, genesysBridge } from './scenarios/bridgeContenders';
import { benchCcaiPacing, type CcaiPacingOptions } from './scenarios/ccaiPacing';
import { tokenRows } from './scenarios/tokens';
import { HELD_BACK_REPORT_MS, benchWebexSend, type WebexSendOptions } from './scenarios/webexSend';

/** The whole bench stops itself after this long, whatever state it is in. */
const TOTAL_TIME_LIMIT_MS = 20 * 60_000;

/** BENCH_QUICK=1: a smoke run with small counts that writes no results. */
const QUICK = process.env.BENCH_QUICK === '1';

/**
 * BENCH_ONLY=bridge (both bridges), avaya-bridge or genesys-bridge: only that scenario, printed and
 * not written (to measure one change quickly).
 */
const ONLY = process.env.BENCH_ONLY;
const ONLY_CHOICES = ['bridge', 'avaya-bridge', 'genesys-bridge'];

/**
 * BENCH_N8N_ENV='{"N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE":"true"}': settings for the n8n under test
 * (n8n's own N8N_* variables are otherwise not passed on), to measure how one changes the figures.
 */
function benchN8nEnv(): Record<string, string> {
	const raw = process.env.BENCH_N8N_ENV;
	if (!raw) return {};
	const parsed: unknown = JSON.parse(raw);
	if (!parsed || typeof parsed !== 'object' || Object.values(parsed).some((value) => typeof value !== 'string')) {
		throw new Error('BENCH_N8N_ENV must be a JSON object of strings');
	}
	return parsed as Record<string, string>;
}

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
const ALVARIA: AlvariaSendOptions = QUICK ? { count: 200, pairs: 1 } : { count: 1_000, pairs: 5 };
const WEBEX: WebexSendOptions = QUICK ? { count: 10_000, pairs: 1 } : { count: 10_000, pairs: 3 };
const CCAI: CcaiPacingOptions = QUICK ? { count: 200, runs: 1 } : { count: 1_000, runs: 2 };
const BRIDGE: BridgeOptions = QUICK
	? { latenciesMs: [0, 50], messagesPerRound: 40, rounds: 2, warmUpRounds: 1, senders: 20 }
	: { latenciesMs: [0, 50], messagesPerRound: 100, rounds: 6, warmUpRounds: 2, senders: 20 };
/** Every Avaya token expires once before the Avaya bridge's first round (the token rows count on it). */
const EXPIRE_TOKENS_FIRST = true;
const ANSWER_TIME = { requestsPerContender: QUICK ? 80 : 1000, rounds: QUICK ? 4 : 10, senders: 20 };

function loadLine(): string {
	return os.loadavg().map((load) => load.toFixed(1)).join(' / ');
}

function describeRun(seconds: number, loadAtStart: string): string {
	const batch = BATCH_SIZES.map((s) => `${s.count.toLocaleString('en-US')} items × ${s.pairs} pairs at ${s.latencyMs} ms`).join(', ');
	const latencies = BRIDGE.latenciesMs.map((ms) => `${ms} ms`).join(' and ');
	return [
		`- Send path: ${batch}; after one untimed warm-up run each, the node and raw undici alternate (node, raw, node, raw, …); medians. The targeted rows use n8n's own measurement of the send node's run (its executionTime in the stored run data: the items in, the requests sent, the answers mapped to output items); the whole-execution rows are timed from the POST that starts the workflow to n8n's answer after the last node, nothing subtracted.`,
		`- Alvaria send: ${ALVARIA.count.toLocaleString('en-US')} items × ${ALVARIA.pairs} pairs at concurrency ${ALVARIA_CONCURRENCY} (the node sends one item after another, so texts reach the interaction in item order; raw undici does the same), one Send Text request each into the sandbox's live interaction; warm-up and alternation as for the Avaya send path, the ratio is the median of the per-pair ratios (min–max).`,
		`- Webex Connect send: ${WEBEX.count.toLocaleString('en-US')} items × ${WEBEX.pairs} pairs, one recipient per item and the same text, so the node groups them into requests of 1 000 destinations, sent one after another (the shared router's concurrency for batched operations); raw undici posts the same batched requests one after another. Every run sends to numbers no earlier run used (another area code), so the node parses and checks every number afresh, as in a new campaign. The sandbox counted the requests of every run. Delivery reports: no notify URL is set and the sandbox holds each number's first report back ${HELD_BACK_REPORT_MS / 3_600_000} h (past the end of the bench), so neither contender shares the machine with notification traffic.`,
		`- CCAI Platform pacing: ${CCAI.count.toLocaleString('en-US')} items, ${CCAI.runs} runs; the sandbox answers 429 to any request beyond 100 in a sliding second, the credential's Requests per Second is 100, and the node starts requests in bursts of up to 100 per 1 s + 50 ms of slack (nodes/shared/rateLimit.ts), 10 in flight. The theoretical minimum is items ÷ rate; a sliding window admits the last hundred after 9 s, so a run can take slightly less than the minimum (a ratio below 1.00×). The previous run's SMS sessions are ended before each run (one active session per end user).`,
		`- Bridges, one message per execution: four contenders per vendor on the same load, ${BRIDGE.messagesPerRound} signed events per round from ${BRIDGE.senders} concurrent senders. ${BRIDGE.warmUpRounds} untimed warm-up rounds (one more after the latency changes), then ${BRIDGE.rounds} measured rounds at each vendor latency (${latencies}); in every round each contender runs once, back to back, in an order that rotates by round. Ratios are the median of the per-round ratios, min–max in brackets; the figures beside them are medians over the rounds.`,
		`- CPU per message: utime + stime of n8n's main thread (\`/proc/<pid>/task/<pid>/stat\`, the thread that runs n8n's event loop: webhook handling, nodes, expressions, database calls), from just before the first event of a round to the moment the bench sees its last execution finished, ÷ the events (the kernel counts in ${1000 / clockTicksPerSecond()} ms ticks: ±${formatNumber(1000 / clockTicksPerSecond() / BRIDGE.messagesPerRound, 2)} ms per message in a round); "all threads and the task runner" adds every other thread of that process (\`/proc/<pid>/stat\`: libuv's pool, where SQLite works, and V8's helper threads) and n8n's JS task runner, its child process, where Code nodes run. msg/s: events ÷ (first event posted → the last execution's stoppedAt in n8n's database).`,
		`- F1 and F2 are n8n's floor for the same trigger-and-send shape: our nodes replaced by n8n's cheapest, a Webhook node for the trigger and No Operation (F1) or an HTTP Request with a fixed body, no token and no signature (F2) for the vendor call. F2's request goes to the sandbox's SMS stand-in, which answers after the same vendor latency. In the Genesys bridge the SMS step (an HTTP Request, as in templates/genesys-sms-receipts.json) is the same node in all four; our two nodes are the trigger and the receipt.`,
		`- The builder's Avaya workflow checks the signature with the Crypto and If nodes and asks for a token in every execution; the builder's Genesys workflow needs HMAC-SHA1 both ways, which n8n's Crypto node does not offer, so it checks the signature and signs the receipt in one Code node (node's crypto allowed through NODE_FUNCTION_ALLOW_BUILTIN); its webhook answers n8n's default, not Genesys's \`{"messageId"}\`. That Code node runs in n8n's task runner, outside the main thread: for this contender the all-threads column is the fair one. Every message of ours and the builder's is checked at the sandbox (the vendor accepted it); F1 and F2 must finish without error. The sandbox expired every Avaya token once before the Avaya bridge's first round.`,
		`- Answer time: ${ANSWER_TIME.requestsPerContender} signed events per contender (Webex Connect: \`Delivered\` reports, each with its own transid, signed with the hub secret) in ${ANSWER_TIME.rounds} rotating rounds, ${ANSWER_TIME.senders} concurrent senders; each round waits for its runs to finish.`,
		`- Memory: VmRSS from /proc of n8n's main process and its JS task runner, idle (after start-up, before any run) and sampled every 100 ms during the 10 000-item runs.`,
		`- The sandbox runs in its own process; everything on 127.0.0.1. The machine was shared with other work during the run (load average 1 / 5 / 15 min: ${loadAtStart} at the start, ${loadLine()} at the end), which moves absolute figures between runs more than the ratios of alternated rounds. Whole run: ${Math.round(seconds)} s.`,
	].join('\n');
}

/** The rows that missed their target, each with its ratio and spread against the target. */
function missesLine(rows: Row[]): string {
	const missed = rows.filter((row) => !row.met);
	if (!missed.length) return '- Every target was met in this run.';
	return `- Targets missed in this run: ${missed.map((row) => `${row.measure.split(' (')[0].split('; ')[0]}: ${formatRatio(row.ratio, row.spread)} against ${row.target}`).join('; ')}.`;
}

function bridgeSection(outcomes: BridgeOutcome[]): string {
	return outcomes
		.map((outcome) => `**${outcome.spec.vendor} bridge** (${outcome.spec.title}): ours ÷ each contender, median of ${BRIDGE.rounds} alternated rounds at each latency (min–max)\n\n${outcome.table}`)
		.join('\n\n');
}

async function onlyBridges(bed: BenchBed, only: string): Promise<void> {
	const outcomes: BridgeOutcome[] = [];
	if (only !== 'genesys-bridge') outcomes.push(await benchBridge(bed, avayaBridge(bed, { expireTokensFirst: EXPIRE_TOKENS_FIRST }), BRIDGE));
	if (only !== 'avaya-bridge' && bed.hasGenesys) outcomes.push(await benchBridge(bed, genesysBridge(bed), BRIDGE));
	const rows = outcomes.flatMap((outcome) => outcome.rows);
	console.log(`\n${machineLine(bed.n8n.version, bed.n8n.nodeVersion)}\n\n${renderTable(rows)}\n\n${bridgeSection(outcomes)}\n\n(BENCH_ONLY=${only}: nothing written)`);
}

async function main(): Promise<void> {
	const started = Date.now();
	const loadAtStart = loadLine();
	let bed: BenchBed | undefined;
	const watchdog = setTimeout(() => {
		process.stderr.write(`[bench] time limit of ${TOTAL_TIME_LIMIT_MS / 60_000} min reached: stopping\n`);
		void (bed?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
	}, TOTAL_TIME_LIMIT_MS);
	watchdog.unref();
	try {
		if (ONLY !== undefined && !ONLY_CHOICES.includes(ONLY)) throw new Error(`BENCH_ONLY must be one of ${ONLY_CHOICES.join(', ')}; got "${ONLY}"`);
		bed = await startBenchBed(benchN8nEnv());
		if (ONLY) {
			await onlyBridges(bed, ONLY);
			return;
		}
		const rows: Row[] = [];
		const batch = await benchBatch(bed, BATCH_SIZES);
		rows.push(...batch.rows);
		rows.push(...(await benchAlvariaSend(bed, ALVARIA)));
		rows.push(...(await benchWebexSend(bed, WEBEX)));
		rows.push(...(await benchCcaiPacing(bed, CCAI)));
		const avaya = await benchBridge(bed, avayaBridge(bed, { expireTokensFirst: EXPIRE_TOKENS_FIRST }), BRIDGE);
		rows.push(...avaya.rows);
		const bridges = [avaya];
		if (bed.hasGenesys) {
			const genesys = await benchBridge(bed, genesysBridge(bed), BRIDGE);
			rows.push(...genesys.rows);
			bridges.push(genesys);
		}
		const answers = await benchAnswerTime(bed, ANSWER_TIME);
		rows.push(...answers.rows);
		rows.push(
			...(await tokenRows(bed, {
				items: batch.itemsSent + avaya.messages.ours,
				executions: batch.executions + avaya.messages.ours,
				builderMessages: avaya.messages.builder,
				lifetimes: EXPIRE_TOKENS_FIRST ? 2 : 1,
				runSeconds: (Date.now() - started) / 1000,
			})),
		);
		rows.push(...memoryRows(batch.memory));

		const seconds = (Date.now() - started) / 1000;
		const table = renderTable(rows);
		const machine = machineLine(bed.n8n.version, bed.n8n.nodeVersion);
		const section = [
			`Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.`,
			'Each row is the ratio of two figures measured in the same run (this package ÷ the baseline); for the bridges, the median of the ratios of alternated rounds, with their min–max in brackets.',
			'',
			table,
			'',
			bridgeSection(bridges),
			'',
			missesLine(rows),
			describeRun(seconds, loadAtStart),
			'',
			'![Trigger answer times](bench/results/answer-times.png)',
		].join('\n');
		const chart = answerTimeChart(`Webhook answer time, ${ANSWER_TIME.senders} concurrent senders`, answers.series);
		if (QUICK) {
			console.log(`\n${machine}\n\n${table}\n\n${bridgeSection(bridges)}\n\n(BENCH_QUICK: nothing written)`);
			return;
		}
		writeResults(`# Benchmark results\n\n${section.replace('bench/results/answer-times.png', 'answer-times.png')}\n`, chart);
		updateReadme(section);
		console.log(`\n${machine}\n\n${table}\n\n${bridgeSection(bridges)}\n\nWritten to bench/results/latest.md and README.md (${Math.round(seconds)} s).`);
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

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
import { benchQueueMode, type QueueModeBenchOptions, type QueueModeOutcome } from './scenarios/queueMode';
import { tokenRows } from './scenarios/tokens';
import { HELD_BACK_REPORT_MS, benchWebexSend, type WebexSendOptions } from './scenarios/webexSend';

/**
 * The whole bench stops itself after this long, whatever state it is in (BENCH_TIME_LIMIT_MINUTES,
 * default 60: a full run on n8n 2.41 on 2 cores takes over 20 minutes).
 */
const TOTAL_TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MINUTES || 60) * 60_000;

/** BENCH_QUICK=1: a smoke run with small counts that writes no results. */
const QUICK = process.env.BENCH_QUICK === '1';

/**
 * BENCH_ONLY=bridge (both bridges), avaya-bridge, genesys-bridge or queue: only that scenario,
 * printed and not written (to measure one change quickly).
 */
const ONLY = process.env.BENCH_ONLY;
const ONLY_CHOICES = ['bridge', 'avaya-bridge', 'genesys-bridge', 'queue'];

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
/** Queue mode: a bed per worker count, each with one webhook process behind the balancer; n8n's default worker concurrency. */
const QUEUE_WORKERS = [1, 2];
const QUEUE_WEBHOOK_PROCESSES = 1;
const QUEUE_WORKER_CONCURRENCY = 10;
/** The balancer takes the webhook process out after this many failed readiness probes in a row (Kubernetes' default threshold). */
const QUEUE_FAILED_PROBES = 3;
const QUEUE: QueueModeBenchOptions = {
	bridge: QUICK
		? { latenciesMs: [50], messagesPerRound: 40, rounds: 2, warmUpRounds: 1, senders: 20 }
		: { latenciesMs: [50], messagesPerRound: 100, rounds: 6, warmUpRounds: 2, senders: 20 },
	answer: { requestsPerContender: QUICK ? 80 : 500, rounds: QUICK ? 4 : 10, senders: 20 },
};

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
		`- Queue mode: the Avaya bridge (ours) in n8n's queue mode with ${QUEUE_WORKERS.join(' and ')} worker(s) (concurrency ${QUEUE_WORKER_CONCURRENCY}, n8n's default) against the one-process n8n above. Each queue-mode n8n has PostgreSQL and Redis of its own, a main process, ${QUEUE_WEBHOOK_PROCESSES} webhook process and a balancer in front (\`/webhook/…\` to the webhook process while it passes n8n's readiness probe, every 250 ms with a 1 s timeout; out after ${QUEUE_FAILED_PROBES} failed probes in a row), on the same user folder with the package installed; all beds are up at once and share the sandbox, and each round runs every bed once, one bed's load at a time, in an order that rotates by round: ${QUEUE.bridge.messagesPerRound} signed events per round from ${QUEUE.bridge.senders} concurrent senders at ${QUEUE.bridge.latenciesMs.join(' and ')} ms vendor latency, ${QUEUE.bridge.warmUpRounds} untimed warm-up rounds, then ${QUEUE.bridge.rounds} measured. msg/s as for the bridges, the last execution's stoppedAt read from that n8n's database (PostgreSQL in queue mode, where the workers write it); every message checked at the sandbox. Answer time: ${QUEUE.answer.requestsPerContender} signed Avaya events per bed through the balancer and the webhook process (one process: straight to n8n), driven as above. On 2 cores the workers, the webhook process, the main process, PostgreSQL and Redis share the CPU that one process has alone, so the ratios say what queue mode costs or gains on this machine, not on more cores.`,
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

function queueSection(outcome: QueueModeOutcome): string {
	return `**Queue mode** (Avaya bridge, ours; answer times of the Avaya trigger): median of ${QUEUE.bridge.rounds} alternated rounds (min–max of the per-round ratios)\n\n${outcome.table}`;
}

/** The queue-mode beds (sharing `single`'s sandbox), added to `beds` as they start so the caller stops them. */
async function runQueueMode(single: BenchBed, beds: BenchBed[]): Promise<QueueModeOutcome> {
	const queued: BenchBed[] = [];
	try {
		for (const workers of QUEUE_WORKERS) {
			const bed = await startBenchBed({
				sandbox: single.sandbox,
				queueMode: { workers, webhookProcesses: QUEUE_WEBHOOK_PROCESSES, workerConcurrency: QUEUE_WORKER_CONCURRENCY, failedProbesBeforeNotReady: QUEUE_FAILED_PROBES },
			});
			beds.push(bed);
			queued.push(bed);
		}
		return await benchQueueMode(single, queued, QUEUE);
	} finally {
		// Their memory and idle CPU are not left to the scenarios after them.
		for (const bed of queued) {
			beds.splice(beds.indexOf(bed), 1);
			await bed.stop();
		}
	}
}

async function onlyQueueMode(bed: BenchBed, beds: BenchBed[], loadAtStart: string): Promise<void> {
	const outcome = await runQueueMode(bed, beds);
	console.log(`\n${machineLine(bed.n8n.version, bed.n8n.nodeVersion)}\n\n${renderTable(outcome.rows)}\n\n${queueSection(outcome)}\n\n(load average ${loadAtStart} at the start, ${loadLine()} at the end; BENCH_ONLY=queue: nothing written)`);
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
	/** The queue-mode beds while they are up. */
	const queueBeds: BenchBed[] = [];
	const stopAll = async () => {
		for (const queued of [...queueBeds].reverse()) await queued.stop().catch(() => undefined);
		await bed?.stop();
	};
	const watchdog = setTimeout(() => {
		process.stderr.write(`[bench] time limit of ${TOTAL_TIME_LIMIT_MS / 60_000} min reached: stopping\n`);
		void stopAll().finally(() => process.exit(2));
	}, TOTAL_TIME_LIMIT_MS);
	watchdog.unref();
	try {
		if (ONLY !== undefined && !ONLY_CHOICES.includes(ONLY)) throw new Error(`BENCH_ONLY must be one of ${ONLY_CHOICES.join(', ')}; got "${ONLY}"`);
		bed = await startBenchBed({ env: benchN8nEnv() });
		if (ONLY === 'queue') {
			await onlyQueueMode(bed, queueBeds, loadAtStart);
			return;
		}
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
		// After the token rows: the queue-mode beds share the sandbox and ask for tokens of their own.
		const queue = await runQueueMode(bed, queueBeds);
		rows.push(...queue.rows);

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
			queueSection(queue),
			'',
			missesLine(rows),
			describeRun(seconds, loadAtStart),
			'',
			'![Trigger answer times](bench/results/answer-times.png)',
		].join('\n');
		const chart = answerTimeChart(`Webhook answer time, ${ANSWER_TIME.senders} concurrent senders`, answers.series);
		if (QUICK) {
			console.log(`\n${machine}\n\n${table}\n\n${bridgeSection(bridges)}\n\n${queueSection(queue)}\n\n(BENCH_QUICK: nothing written)`);
			return;
		}
		writeResults(`# Benchmark results\n\n${section.replace('bench/results/answer-times.png', 'answer-times.png')}\n`, chart);
		updateReadme(section);
		console.log(`\n${machine}\n\n${table}\n\n${bridgeSection(bridges)}\n\n${queueSection(queue)}\n\nWritten to bench/results/latest.md and README.md (${Math.round(seconds)} s).`);
		const missed = rows.filter((row) => !row.met);
		if (missed.length) console.log(`Missed targets: ${missed.map((row) => row.measure.split(' (')[0]).join('; ')}`);
	} finally {
		clearTimeout(watchdog);
		await stopAll();
	}
}

main().catch((error: unknown) => {
	console.error('bench failed:', error);
	process.exitCode = 1;
});

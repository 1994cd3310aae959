/**
 * Bridge, one message per execution (how SMS really arrives): signed vendor events posted by
 * concurrent senders into each contender of a bridge (bridgeContenders.ts) on the same n8n.
 * Contenders alternate within every round (the order rotates by round) after untimed warm-up
 * rounds; the figures of one round are compared with each other only.
 *
 * Per contender and round: n8n main-thread CPU per message (utime + stime of the main thread,
 * /proc/<pid>/task/<pid>/stat, from just before the first event to the moment the bench sees the
 * round's last execution finished), the same for every thread of n8n and its JS task runner
 * (where Code nodes run), and messages per second (events ÷ the time from the first event posted
 * to the last execution's stoppedAt).
 */
import { cpuSince, readCpuTimes } from '../lib/cpu';
import { lastExecutionId, waitForWindow } from '../lib/executionWindow';
import { timedPost } from '../lib/http';
import { runBounded } from '../lib/load';
import { ratioSpread, spreadOf } from '../lib/ratios';
import { formatNumber, formatRatio, markdownTable, type Row } from '../lib/report';
import { percentile } from '../lib/stats';
import type { BenchBed } from '../lib/benchBed';
import type { BridgeContender, BridgeSpec, ContenderKey } from './bridgeContenders';

export interface BridgeOptions {
	latenciesMs: number[];
	messagesPerRound: number;
	rounds: number;
	/** Untimed rounds of every contender before the first latency; one more after each change of latency. */
	warmUpRounds: number;
	senders: number;
}

export interface RoundFigures {
	messagesPerSecond: number;
	mainCpuMsPerMessage: number;
	/** n8n's whole CPU per message: every thread of its main process and its JS task runner. */
	allCpuMsPerMessage: number;
	/** Event posted → the vendor accepted what the workflow sent, per message (contenders with `delivered`). */
	latenciesMs: number[];
}

export interface BridgeOutcome {
	spec: BridgeSpec;
	rows: Row[];
	/** Every contender's figures beside ours, with the per-round ratios' median and min–max. */
	table: string;
	/** Events each contender ran, warm-ups included. */
	messages: Record<ContenderKey, number>;
}

type RoundsByContender = Record<ContenderKey, RoundFigures[]>;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const ROUND_TIME_LIMIT_MS = 120_000;

export async function runRound(bed: BenchBed, spec: BridgeSpec, contender: BridgeContender, tag: string, options: BridgeOptions): Promise<RoundFigures> {
	const count = options.messagesPerRound;
	const events = Array.from({ length: count }, (_, index) => spec.event(tag, index));
	const sentAt = new Map<string, number>();
	const mark = await lastExecutionId(bed.n8n.userFolder, contender.workflowId);
	const cpuBefore = readCpuTimes(bed.n8n.pid);
	const firstPostMs = Date.now();
	const load = await runBounded({ count, concurrency: options.senders, timeLimitMs: ROUND_TIME_LIMIT_MS }, (index) => {
		const event = events[index];
		sentAt.set(event.key, Date.now());
		return timedPost(contender.url, event.body, event.headers, 30_000);
	});
	const refused = load.results.filter((answer) => answer.status !== 200);
	if (load.results.length !== count || refused.length) {
		throw new Error(`${tag}: ${load.results.length}/${count} events posted, ${refused.length} answered ${refused[0]?.status}: ${refused[0]?.body.slice(0, 200)}`);
	}
	const window = await waitForWindow(bed.n8n.userFolder, contender.workflowId, mark, count, ROUND_TIME_LIMIT_MS);
	const cpu = cpuSince(cpuBefore, readCpuTimes(bed.n8n.pid));
	if (window.failed) throw new Error(`${tag}: ${window.failed} of ${count} executions failed (n8n log ${bed.n8n.logFile})`);
	let latenciesMs: number[] = [];
	if (contender.delivered) {
		const records = await contender.delivered(tag, count);
		if (records.length !== count) throw new Error(`${tag}: the vendor accepted ${records.length}/${count}`);
		latenciesMs = records.map((record) => record.atMs - (sentAt.get(record.key) ?? Number.NaN));
	}
	return {
		messagesPerSecond: count / ((window.lastStoppedMs - firstPostMs) / 1000),
		mainCpuMsPerMessage: cpu.mainThreadMs / count,
		allCpuMsPerMessage: cpu.withChildrenMs / count,
		latenciesMs,
	};
}

/** Every contender once, in an order that rotates with the round number. */
async function runAll(bed: BenchBed, spec: BridgeSpec, round: number, label: string, options: BridgeOptions): Promise<Partial<Record<ContenderKey, RoundFigures>>> {
	const figures: Partial<Record<ContenderKey, RoundFigures>> = {};
	const order = spec.contenders.map((_, i) => spec.contenders[(i + round) % spec.contenders.length]);
	for (const contender of order) figures[contender.key] = await runRound(bed, spec, contender, `${label}-${contender.key}`, options);
	return figures;
}

function describeRound(figures: Partial<Record<ContenderKey, RoundFigures>>): string {
	return Object.entries(figures)
		.map(([key, f]) => `${key} ${formatNumber(f.messagesPerSecond, 1)} msg/s ${formatNumber(f.mainCpuMsPerMessage, 2)} ms CPU`)
		.join(', ');
}

export async function benchBridge(bed: BenchBed, spec: BridgeSpec, options: BridgeOptions): Promise<BridgeOutcome> {
	const messages = Object.fromEntries(spec.contenders.map((c) => [c.key, 0])) as Record<ContenderKey, number>;
	const byLatency = new Map<number, RoundsByContender>();
	const slug = spec.vendor.toLowerCase();
	await spec.beforeFirstRound?.();
	for (const [index, latencyMs] of options.latenciesMs.entries()) {
		await bed.sandbox.client.patchConfig({ latencyMs });
		const warmUps = index === 0 ? options.warmUpRounds : Math.min(1, options.warmUpRounds);
		for (let warm = 0; warm < warmUps; warm++) {
			const figures = await runAll(bed, spec, warm, `bridge-${slug}-${latencyMs}-warm${warm}`, options);
			log(`bridge ${spec.vendor} @${latencyMs} ms, warm-up ${warm + 1}/${warmUps} (untimed): ${describeRound(figures)}`);
		}
		const rounds = Object.fromEntries(spec.contenders.map((c) => [c.key, []])) as unknown as RoundsByContender;
		for (let round = 0; round < options.rounds; round++) {
			const figures = await runAll(bed, spec, round, `bridge-${slug}-${latencyMs}-r${round}`, options);
			for (const contender of spec.contenders) rounds[contender.key].push(figures[contender.key] as RoundFigures);
			log(`bridge ${spec.vendor} @${latencyMs} ms, round ${round + 1}/${options.rounds}: ${describeRound(figures)}`);
		}
		byLatency.set(latencyMs, rounds);
		for (const contender of spec.contenders) messages[contender.key] += (warmUps + options.rounds) * options.messagesPerRound;
	}
	return { spec, rows: bridgeRows(spec, byLatency, options), table: contenderTable(spec, byLatency), messages };
}

const figureOf = {
	cpu: (f: RoundFigures) => f.mainCpuMsPerMessage,
	cpuAll: (f: RoundFigures) => f.allCpuMsPerMessage,
	rate: (f: RoundFigures) => f.messagesPerSecond,
};

function medianOf(rounds: RoundFigures[], figure: (f: RoundFigures) => number): number {
	return spreadOf(rounds.map(figure)).median;
}

function ratioOf(rounds: RoundsByContender, key: ContenderKey, figure: (f: RoundFigures) => number) {
	return ratioSpread(rounds.ours.map(figure), rounds[key].map(figure));
}

export function bridgeRows(spec: BridgeSpec, byLatency: Map<number, RoundsByContender>, options: BridgeOptions): Row[] {
	const rows: Row[] = [];
	const label = (key: ContenderKey) => spec.contenders.find((c) => c.key === key)?.label ?? key;
	const f1 = label('f1').replace(/^F1: /, '');
	for (const [latencyMs, rounds] of byLatency) {
		const where = `${spec.vendor} bridge, vendor latency ${latencyMs} ms`;
		const cpu = ratioOf(rounds, 'f1', figureOf.cpu);
		const rateF1 = ratioOf(rounds, 'f1', figureOf.rate);
		const rateBuilder = ratioOf(rounds, 'builder', figureOf.rate);
		rows.push(
			{
				measure: `${where}: n8n main-thread CPU per message, ours vs F1 (${f1}); lower is better (median of ${options.rounds} alternated rounds)`,
				ours: `${formatNumber(medianOf(rounds.ours, figureOf.cpu), 2)} ms`,
				baseline: `${formatNumber(medianOf(rounds.f1, figureOf.cpu), 2)} ms (F1)`,
				ratio: cpu.median,
				spread: cpu,
				target: '≤ 1.05×',
				met: cpu.median <= 1.05,
			},
			{
				measure: `${where}: messages/s, ours vs F1`,
				ours: `${formatNumber(medianOf(rounds.ours, figureOf.rate), 1)} msg/s`,
				baseline: `${formatNumber(medianOf(rounds.f1, figureOf.rate), 1)} msg/s (F1)`,
				ratio: rateF1.median,
				spread: rateF1,
				target: '≥ 0.95×',
				met: rateF1.median >= 0.95,
			},
			{
				measure: `${where}: messages/s, ours vs the builder's workflow (n8n nodes only)`,
				ours: `${formatNumber(medianOf(rounds.ours, figureOf.rate), 1)} msg/s`,
				baseline: `${formatNumber(medianOf(rounds.builder, figureOf.rate), 1)} msg/s (builder's)`,
				ratio: rateBuilder.median,
				spread: rateBuilder,
				target: '≥ 1.80×',
				met: rateBuilder.median >= 1.8,
			},
		);
	}
	const [latencyMs, rounds] = [...byLatency].at(-1) ?? [];
	if (rounds && rounds.ours[0]?.latenciesMs.length) {
		const all = (key: ContenderKey) => rounds[key].flatMap((f) => f.latenciesMs);
		const p = (key: ContenderKey, q: number) => percentile(all(key), q);
		const what = `${spec.vendor} bridge, vendor latency ${latencyMs} ms: end-to-end`;
		rows.push(
			{
				measure: `${what} p50, event posted → vendor accepted what the workflow sent, ours vs the builder's (lower is better)`,
				ours: `${formatNumber(p('ours', 50))} ms`,
				baseline: `${formatNumber(p('builder', 50))} ms`,
				ratio: p('ours', 50) / p('builder', 50),
				target: 'none (informative)',
				met: true,
			},
			{
				measure: `${what} p99, ours vs the builder's (lower is better)`,
				ours: `${formatNumber(p('ours', 99))} ms`,
				baseline: `${formatNumber(p('builder', 99))} ms`,
				ratio: p('ours', 99) / p('builder', 99),
				target: '< 1.00× (a lower p99)',
				met: p('ours', 99) < p('builder', 99),
			},
		);
	}
	return rows;
}

/** One line per contender and latency: its medians, and ours ÷ it (median and min–max of the per-round ratios). */
export function contenderTable(spec: BridgeSpec, byLatency: Map<number, RoundsByContender>): string {
	const lines: string[][] = [];
	for (const [latencyMs, rounds] of byLatency) {
		for (const contender of spec.contenders) {
			const mine = rounds[contender.key];
			const ratio = (figure: (f: RoundFigures) => number) => {
				if (contender.key === 'ours') return '—';
				const spread = ratioOf(rounds, contender.key, figure);
				return formatRatio(spread.median, spread);
			};
			lines.push([
				contender.label,
				`${latencyMs} ms`,
				`${formatNumber(medianOf(mine, figureOf.cpu), 2)} ms`,
				ratio(figureOf.cpu),
				`${formatNumber(medianOf(mine, figureOf.cpuAll), 2)} ms`,
				ratio(figureOf.cpuAll),
				formatNumber(medianOf(mine, figureOf.rate), 1),
				ratio(figureOf.rate),
			]);
		}
	}
	return markdownTable(
		['Contender', 'Vendor latency', 'n8n main-thread CPU per message', 'ours ÷ it', 'n8n CPU per message, all threads and the task runner', 'ours ÷ it', 'msg/s', 'ours ÷ it'],
		lines,
	);
}

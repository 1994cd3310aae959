/**
 * Queue mode: the Avaya bridge (ours: Avaya Infinity Trigger → Avaya Send Message) in n8n's queue
 * mode with 1 and with 2 workers against n8n in one process, and the Avaya trigger's answer time
 * through a webhook process against one process. Every bed is up for the whole scenario and they
 * share the sandbox; each round runs every bed once, one bed's load at a time, in an order that
 * rotates by round. Driving and figures are the bridge's (bridge.ts) and answer time's (answerTime.ts).
 */
import type { BenchBed } from '../lib/benchBed';
import { ratioSpread, spreadOf } from '../lib/ratios';
import { formatNumber, formatRatio, markdownTable, type Row } from '../lib/report';
import { percentile } from '../lib/stats';
import { answerRound, avayaAnswerContender, type AnswerContender, type AnswerTimeOptions } from './answerTime';
import { runRound, type BridgeOptions, type RoundFigures } from './bridge';
import { avayaBridge, type BridgeContender, type BridgeSpec } from './bridgeContenders';

export interface QueueModeBenchOptions {
	bridge: BridgeOptions;
	answer: AnswerTimeOptions;
}

export interface QueueModeOutcome {
	rows: Row[];
	/** Each bed's medians beside one process's, with the per-round ratios. */
	table: string;
}

interface BedUnderLoad {
	bed: BenchBed;
	slug: string;
	spec: BridgeSpec;
	ours: BridgeContender;
	answer: AnswerContender;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function underLoad(bed: BenchBed, index: number): BedUnderLoad {
	const spec = avayaBridge(bed, { expireTokensFirst: false });
	const ours = spec.contenders.find((contender) => contender.key === 'ours');
	if (!ours) throw new Error('the Avaya bridge has no contender of ours');
	return { bed, slug: `q${index}`, spec, ours, answer: avayaAnswerContender(bed, `Avaya Infinity Trigger (${bed.mode})`) };
}

/** Every bed once, in an order that rotates with the round number. */
async function bridgeRound(beds: BedUnderLoad[], round: number, label: string, options: BridgeOptions): Promise<Map<BedUnderLoad, RoundFigures>> {
	const figures = new Map<BedUnderLoad, RoundFigures>();
	for (let i = 0; i < beds.length; i++) {
		const bed = beds[(i + round) % beds.length];
		figures.set(bed, await runRound(bed.bed, bed.spec, bed.ours, `${label}-${bed.slug}`, options));
	}
	return figures;
}

function describe(figures: Map<BedUnderLoad, RoundFigures>): string {
	return [...figures].map(([bed, f]) => `${bed.bed.mode} ${formatNumber(f.messagesPerSecond, 1)} msg/s`).join(', ');
}

/** `single` is n8n in one process; `queued` the queue-mode beds (sharing `single`'s sandbox). */
export async function benchQueueMode(single: BenchBed, queued: BenchBed[], options: QueueModeBenchOptions): Promise<QueueModeOutcome> {
	const beds = [single, ...queued].map(underLoad);
	for (const bed of beds) await bed.spec.beforeFirstRound?.();
	const { bridge } = options;
	const rates = new Map<number, Map<BedUnderLoad, number[]>>();
	for (const [index, latencyMs] of bridge.latenciesMs.entries()) {
		await single.sandbox.client.patchConfig({ latencyMs });
		const warmUps = index === 0 ? bridge.warmUpRounds : Math.min(1, bridge.warmUpRounds);
		for (let warm = 0; warm < warmUps; warm++) {
			const figures = await bridgeRound(beds, warm, `queue-${latencyMs}-warm${warm}`, bridge);
			log(`queue mode @${latencyMs} ms, warm-up ${warm + 1}/${warmUps} (untimed): ${describe(figures)}`);
		}
		const byBed = new Map<BedUnderLoad, number[]>(beds.map((bed) => [bed, []]));
		for (let round = 0; round < bridge.rounds; round++) {
			const figures = await bridgeRound(beds, round, `queue-${latencyMs}-r${round}`, bridge);
			for (const [bed, f] of figures) byBed.get(bed)?.push(f.messagesPerSecond);
			log(`queue mode @${latencyMs} ms, round ${round + 1}/${bridge.rounds}: ${describe(figures)}`);
		}
		rates.set(latencyMs, byBed);
	}
	const answers = await answerTimes(beds, options.answer);
	return { rows: [...bridgeRows(beds, rates, bridge), ...answerRows(beds, answers, options.answer)], table: bedTable(beds, rates, answers) };
}

/** The Avaya trigger's answer times on every bed, rounds rotating as in answerTime.ts. */
async function answerTimes(beds: BedUnderLoad[], options: AnswerTimeOptions): Promise<Map<BedUnderLoad, number[]>> {
	await beds[0].bed.sandbox.client.patchConfig({ latencyMs: 0 });
	const samples = new Map<BedUnderLoad, number[]>(beds.map((bed) => [bed, []]));
	const perRound = Math.ceil(options.requestsPerContender / options.rounds);
	for (let round = 0; round < options.rounds; round++) {
		for (let i = 0; i < beds.length; i++) {
			const bed = beds[(i + round) % beds.length];
			samples.get(bed)?.push(...(await answerRound(bed.bed, bed.answer, `queue-answer-${round}-${bed.slug}`, perRound, options.senders)));
		}
		log(`queue mode answer time round ${round + 1}/${options.rounds} done`);
	}
	return samples;
}

function bridgeRows(beds: BedUnderLoad[], rates: Map<number, Map<BedUnderLoad, number[]>>, options: BridgeOptions): Row[] {
	const [single, ...queued] = beds;
	const rows: Row[] = [];
	for (const [latencyMs, byBed] of rates) {
		const baseline = byBed.get(single) ?? [];
		for (const bed of queued) {
			const mine = byBed.get(bed) ?? [];
			const ratio = ratioSpread(mine, baseline);
			rows.push({
				measure: `Avaya bridge (ours), vendor latency ${latencyMs} ms: messages/s, ${bed.bed.mode} vs one process (median of ${options.rounds} alternated rounds)`,
				ours: `${formatNumber(spreadOf(mine).median, 1)} msg/s`,
				baseline: `${formatNumber(spreadOf(baseline).median, 1)} msg/s (one process)`,
				ratio: ratio.median,
				spread: ratio,
				target: 'none (informative)',
				met: true,
			});
		}
	}
	return rows;
}

function answerRows(beds: BedUnderLoad[], samples: Map<BedUnderLoad, number[]>, options: AnswerTimeOptions): Row[] {
	const [single, ...queued] = beds;
	const baseline = samples.get(single) ?? [];
	return queued.map((bed) => {
		const mine = samples.get(bed) ?? [];
		return {
			measure: `Trigger answer time p99: Avaya Infinity Trigger through a webhook process (${bed.bed.mode}) vs one process (${formatNumber(mine.length)} signed events, ${options.senders} concurrent senders)`,
			ours: `${formatNumber(percentile(mine, 99), 1)} ms`,
			baseline: `${formatNumber(percentile(baseline, 99), 1)} ms (one process)`,
			ratio: percentile(mine, 99) / percentile(baseline, 99),
			target: 'none (informative)',
			met: true,
		};
	});
}

/** One line per bed and latency: its median msg/s, ÷ one process's (per-round ratios), and its answer times. */
function bedTable(beds: BedUnderLoad[], rates: Map<number, Map<BedUnderLoad, number[]>>, answers: Map<BedUnderLoad, number[]>): string {
	const single = beds[0];
	const lines: string[][] = [];
	for (const [latencyMs, byBed] of rates) {
		for (const bed of beds) {
			const mine = byBed.get(bed) ?? [];
			const spread = ratioSpread(mine, byBed.get(single) ?? []);
			const ratio = bed === single ? '—' : formatRatio(spread.median, spread);
			const answered = answers.get(bed) ?? [];
			lines.push([bed.bed.mode, `${latencyMs} ms`, formatNumber(spreadOf(mine).median, 1), ratio, `${formatNumber(percentile(answered, 50), 1)} ms`, `${formatNumber(percentile(answered, 99), 1)} ms`]);
		}
	}
	return markdownTable(['n8n', 'Vendor latency', 'msg/s (ours)', '÷ one process', 'Avaya trigger answer p50', 'answer p99'], lines);
}

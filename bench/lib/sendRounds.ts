/**
 * Send-path rounds against a raw-undici baseline: one untimed warm-up run of each contender (so
 * neither is measured with cold code or pools), then `pairs` rounds of node, raw, node, raw, …
 * Each run checks at the sandbox that the vendor accepted everything it sent. The rows give the
 * medians of each side and the median of the per-round ratios with their min–max.
 */
import { ratioSpread } from './ratios';
import { formatNumber, type Row } from './report';
import { median } from './stats';

export interface NodeRates {
	/** Items/s by n8n's timing of the node under test. */
	node: number;
	/** Items/s from the POST that starts the workflow to n8n's answer after the last node. */
	whole: number;
}

export interface SendContenders {
	/** Run 0 is the warm-up; runs 1…pairs are measured. */
	ours(run: number): Promise<NodeRates>;
	/** Items/s of raw undici sending the same requests. */
	raw(run: number): Promise<number>;
}

export interface SendRounds {
	node: number[];
	whole: number[];
	raw: number[];
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export async function alternatedSends(label: string, pairs: number, contenders: SendContenders): Promise<SendRounds> {
	await contenders.ours(0);
	await contenders.raw(0);
	log(`${label}: warm-up done (one untimed run each)`);
	const rounds: SendRounds = { node: [], whole: [], raw: [] };
	for (let run = 1; run <= pairs; run++) {
		const ours = await contenders.ours(run);
		const raw = await contenders.raw(run);
		rounds.node.push(ours.node);
		rounds.whole.push(ours.whole);
		rounds.raw.push(raw);
		log(`${label}, pair ${run}/${pairs}: node ${formatNumber(ours.node)} items/s, raw undici ${formatNumber(raw)} items/s`);
	}
	return rounds;
}

/** The send-path target: the node, by n8n's own timing, at ≥ 0.9× raw undici sending the same requests. */
export const SEND_PATH_TARGET = 0.9;

/** The targeted row (the node by n8n's timing vs raw undici) and the informative whole-execution row. */
export function sendRows(rounds: SendRounds, measures: { node: string; whole: string }): Row[] {
	const node = ratioSpread(rounds.node, rounds.raw);
	const whole = ratioSpread(rounds.whole, rounds.raw);
	const baseline = `${formatNumber(median(rounds.raw))} items/s (raw undici)`;
	return [
		{
			measure: measures.node,
			ours: `${formatNumber(median(rounds.node))} items/s`,
			baseline,
			ratio: node.median,
			spread: node,
			target: `≥ ${SEND_PATH_TARGET.toFixed(2)}×`,
			met: node.median >= SEND_PATH_TARGET,
		},
		{
			measure: measures.whole,
			ours: `${formatNumber(median(rounds.whole))} items/s`,
			baseline,
			ratio: whole.median,
			spread: whole,
			target: 'none (informative)',
			met: true,
		},
	];
}

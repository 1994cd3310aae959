/**
 * Ratios of alternated rounds: each round runs every contender once, back to back, so the ratio
 * of two contenders within one round sees the same machine state. The bench reports the median
 * of those per-round ratios and their min–max, which shows how far one figure can be trusted.
 */
import { median } from './stats';

export interface Spread {
	median: number;
	min: number;
	max: number;
}

export function spreadOf(values: readonly number[]): Spread {
	if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
	return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** ours[i] ÷ theirs[i] for every round i (both lists in round order, one value per round). */
export function perRoundRatios(ours: readonly number[], theirs: readonly number[]): number[] {
	if (ours.length !== theirs.length) throw new Error(`rounds differ: ${ours.length} against ${theirs.length}`);
	return ours.map((value, round) => value / theirs[round]);
}

/** The median of the per-round ratios, with their min–max. */
export function ratioSpread(ours: readonly number[], theirs: readonly number[]): Spread {
	return spreadOf(perRoundRatios(ours, theirs));
}

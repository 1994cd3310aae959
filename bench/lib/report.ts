/** The bench table: every row is a ratio of two figures measured in the same run. */
import type { Spread } from './ratios';

export interface Row {
	measure: string;
	ours: string;
	baseline: string;
	/** ours ÷ baseline, already oriented as the target reads it. */
	ratio: number;
	/** The min–max of the ratio over alternated rounds, when it is the median of per-round ratios. */
	spread?: Pick<Spread, 'min' | 'max'>;
	target: string;
	met: boolean;
}

export function formatNumber(value: number, digits = 0): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(ratio: number, spread?: Pick<Spread, 'min' | 'max'>): string {
	if (!Number.isFinite(ratio)) return 'n/a';
	const range = spread && Number.isFinite(spread.min) && Number.isFinite(spread.max) ? ` (${spread.min.toFixed(2)}–${spread.max.toFixed(2)})` : '';
	return `${ratio.toFixed(2)}×${range}`;
}

/** A markdown table from a header and rows of cells. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
	const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderTable(rows: Row[]): string {
	return markdownTable(
		['Measure', 'This package', 'Baseline', 'Ratio', 'Target', 'Met'],
		rows.map((row) => [row.measure, row.ours, row.baseline, formatRatio(row.ratio, row.spread), row.target, row.met ? 'yes' : '**no**']),
	);
}

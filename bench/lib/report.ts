/** The bench table: every row is a ratio of two figures measured in the same run. */
export interface Row {
	measure: string;
	ours: string;
	baseline: string;
	/** ours ÷ baseline, already oriented as the target reads it. */
	ratio: number;
	target: string;
	met: boolean;
}

export function formatNumber(value: number, digits = 0): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(ratio: number): string {
	return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

export function renderTable(rows: Row[]): string {
	const header = '| Measure | This package | Baseline | Ratio | Target | Met |';
	const rule = '|---|---|---|---|---|---|';
	const lines = rows.map((row) => `| ${row.measure} | ${row.ours} | ${row.baseline} | ${formatRatio(row.ratio)} | ${row.target} | ${row.met ? 'yes' : '**no**'} |`);
	return [header, rule, ...lines].join('\n');
}

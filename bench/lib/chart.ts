/**
 * The answer-time chart: one cumulative distribution per contender (share of requests answered
 * within x ms), x on a log scale, written as a PNG with the package's own encoder.
 */
import { drawText, GLYPH_HEIGHT, textWidth } from './font';
import { Raster } from './png';
import { percentile } from './stats';

export interface Series {
	label: string;
	samplesMs: number[];
}

type Rgb = [number, number, number];
const COLOURS: Rgb[] = [
	[31, 119, 180],
	[214, 39, 40],
	[44, 160, 44],
	[148, 103, 189],
	[255, 127, 14],
];
const INK: Rgb = [40, 40, 40];
const GRID: Rgb = [225, 225, 225];

const WIDTH = 900;
const HEIGHT = 520;
const MARGIN = { left: 70, right: 30, top: 50, bottom: 60 };

function logTicks(minMs: number, maxMs: number): number[] {
	const ticks: number[] = [];
	for (let decade = 10 ** Math.floor(Math.log10(minMs)); decade <= maxMs * 10; decade *= 10) {
		for (const step of [1, 2, 5]) {
			const value = decade * step;
			if (value >= minMs && value <= maxMs) ticks.push(value);
		}
	}
	return ticks;
}

function formatMs(value: number): string {
	return value >= 1000 ? `${value / 1000}S` : `${value}MS`;
}

export function answerTimeChart(title: string, series: Series[]): Buffer {
	const raster = new Raster(WIDTH, HEIGHT);
	const plot = { x: MARGIN.left, y: MARGIN.top, w: WIDTH - MARGIN.left - MARGIN.right, h: HEIGHT - MARGIN.top - MARGIN.bottom };
	const all = series.flatMap((s) => s.samplesMs).filter((v) => v > 0);
	const minMs = Math.max(0.1, 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...all)))));
	const maxMs = 10 ** Math.ceil(Math.log10(Math.max(...all, minMs * 10)));
	const xOf = (ms: number) => plot.x + ((Math.log10(Math.max(ms, minMs)) - Math.log10(minMs)) / (Math.log10(maxMs) - Math.log10(minMs))) * plot.w;
	const yOf = (share: number) => plot.y + plot.h - share * plot.h;

	for (const tick of logTicks(minMs, maxMs)) {
		const x = xOf(tick);
		raster.line(x, plot.y, x, plot.y + plot.h, GRID);
		const label = formatMs(tick);
		drawText(raster, label, x - textWidth(label) / 2, plot.y + plot.h + 8, INK);
	}
	for (let share = 0; share <= 1.0001; share += 0.25) {
		const y = yOf(share);
		raster.line(plot.x, y, plot.x + plot.w, y, GRID);
		const label = `${Math.round(share * 100)}%`;
		drawText(raster, label, plot.x - textWidth(label) - 8, y - GLYPH_HEIGHT / 2, INK);
	}
	raster.line(plot.x, plot.y, plot.x, plot.y + plot.h, INK);
	raster.line(plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, INK);
	drawText(raster, title, plot.x, 15, INK, 2);
	const axis = 'ANSWER TIME (LOG SCALE) - SHARE OF REQUESTS ANSWERED WITHIN IT';
	drawText(raster, axis, plot.x + (plot.w - textWidth(axis)) / 2, HEIGHT - 25, INK);

	series.forEach((s, index) => {
		const colour = COLOURS[index % COLOURS.length];
		const sorted = [...s.samplesMs].sort((a, b) => a - b);
		let previous: [number, number] | undefined;
		sorted.forEach((value, i) => {
			const point: [number, number] = [xOf(value), yOf((i + 1) / sorted.length)];
			if (previous) {
				raster.line(previous[0], previous[1], point[0], previous[1], colour, 2);
				raster.line(point[0], previous[1], point[0], point[1], colour, 2);
			}
			previous = point;
		});
		const legendY = plot.y + 10 + index * 16;
		raster.fillRect(plot.x + 12, legendY, 14, 7, colour);
		const p50 = percentile(s.samplesMs, 50).toFixed(1);
		const p99 = percentile(s.samplesMs, 99).toFixed(1);
		drawText(raster, `${s.label}  P50 ${p50} MS  P99 ${p99} MS  (N=${sorted.length})`, plot.x + 32, legendY, INK);
	});
	return raster.toPng();
}

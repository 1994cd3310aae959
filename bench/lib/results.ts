/** Writes the bench table to bench/results/latest.md, the chart next to it, and the README section. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT } from '../../test/harness/paths';

export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const README = path.join(REPO_ROOT, 'README.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** The machine, and the n8n measured with the Node it runs on. */
export function machineLine(n8nVersion: string, nodeVersion: string): string {
	const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
	const memoryGb = Math.round(os.totalmem() / 2 ** 30);
	return `${os.cpus().length} cores (${cpu}), ${memoryGb} GB RAM, n8n ${n8nVersion} on Node v${nodeVersion}, ${os.platform()} ${os.release()}`;
}

export function writeResults(markdown: string, chartPng: Buffer): void {
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), markdown);
	fs.writeFileSync(path.join(RESULTS_DIR, 'answer-times.png'), chartPng);
}

/** Replaces the README's bench section (between the markers), or appends one. */
export function updateReadme(section: string): void {
	const block = `${START}\n${section.trim()}\n${END}`;
	const current = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '';
	const start = current.indexOf(START);
	const end = current.indexOf(END);
	const next =
		start >= 0 && end > start
			? `${current.slice(0, start)}${block}${current.slice(end + END.length)}`
			: `${current.trimEnd()}\n\n## Benchmarks\n\n${block}\n`;
	fs.writeFileSync(README, next);
}

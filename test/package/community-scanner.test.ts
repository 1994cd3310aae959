/**
 * n8n's community-package scanner (the lint step of @n8n/scan-community-package, run on the source
 * folder and on the unpacked tarball by scripts/scan-package.ts) finds exactly what the README's
 * table "n8n's community-package scanner" lists, each with its reason: a new finding fails here,
 * and so does a listed one that is gone (the README must then drop it).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ScanFinding, ScanReport } from '../../scripts/scan-package';
import { REPO_ROOT } from '../harness/paths';

const START = '<!-- scanner:start -->';
const END = '<!-- scanner:end -->';

/** One line per leg, file and rule, with the sorted subjects: the README table's shape. */
function summarise(rows: Array<Pick<ScanFinding, 'leg' | 'file' | 'rule' | 'subject'>>): string[] {
	const subjects = new Map<string, Set<string>>();
	for (const { leg, file, rule, subject } of rows) {
		const key = `${leg} ${file} ${rule}`;
		subjects.set(key, (subjects.get(key) ?? new Set()).add(subject));
	}
	return [...subjects].map(([key, set]) => `${key}: ${[...set].sort().join(', ')}`).sort();
}

/** The README table: | leg | file | rule | what (each in backticks, or —) | why |. */
function documented(): string[] {
	const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf(START), readme.indexOf(END));
	expect(section.length).toBeGreaterThan(START.length);
	const rows = section
		.split('\n')
		.filter((line) => line.startsWith('|') && !/^\|\s*(leg|-)/.test(line))
		.flatMap((line) => {
			const [leg, file, rule, what] = line.split('|').slice(1, 5).map((cell) => cell.trim());
			const unquote = (cell: string) => cell.replace(/`/g, '');
			const subjects = what === '—' ? [''] : [...what.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
			return subjects.map((subject) => ({ leg: unquote(leg) as ScanFinding['leg'], file: unquote(file), rule: unquote(rule), subject }));
		});
	return summarise(rows);
}

describe("n8n's community-package scanner", () => {
	it('finds in the source and in the tarball exactly what the README lists', () => {
		const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'scan-package.ts'), '--json'], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		});
		expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
		const report = JSON.parse(run.stdout) as ScanReport;
		// Both legs linted something: the package's nodes, credentials and package.json.
		expect(report.files.source).toBeGreaterThan(5);
		expect(report.files.tarball).toBeGreaterThan(5);
		expect(summarise(report.findings)).toEqual(documented());
	});
});

/**
 * `npm run scan`: the lint step of n8n's community-package scanner (@n8n/scan-community-package),
 * run here on the source folder and on the unpacked tarball, as the scanner does after it has
 * fetched both (its CLI needs the registry and the package's provenance). Same ESLint config
 * (the scanner's own buildScanConfig), same options, same file patterns; the findings come out
 * one per line, or as JSON with `--json`. Exits 0: the README decides which findings are known
 * (test/package/community-scanner.test.ts compares the two).
 * Needs a built package (`npm run build`).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import { ESLint, type Linter } from 'eslint';

import { packTarball, unpackTarball } from '../test/harness/installPackage';
import { REPO_ROOT } from '../test/harness/paths';

interface ScannerModule {
	buildScanConfig(): Promise<Linter.Config[]>;
	SOURCE_FILE_PATTERNS: string[];
}

export interface ScanFinding {
	/** `source`: the repository's node and credential sources; `tarball`: what npm publishes. */
	leg: 'source' | 'tarball';
	file: string;
	line: number;
	rule: string;
	/** What the rule names: the module, the global, ... (the first quoted word of the message). */
	subject: string;
	message: string;
}

/** The scanner's tarball leg: compiled JavaScript and the published package.json. */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const SCANNER = '@n8n/scan-community-package/scanner/scanner.mjs';

/** The scanner's own fast-glob, which picks the files it lints. */
function scannerGlob(): { sync(patterns: string[], options: Record<string, unknown>): string[] } {
	return createRequire(require.resolve('@n8n/scan-community-package/package.json'))('fast-glob');
}

export interface ScanReport {
	/** How many files each leg linted. */
	files: Record<ScanFinding['leg'], number>;
	findings: ScanFinding[];
}

async function lint(scanner: ScannerModule, dir: string, patterns: string[], leg: ScanFinding['leg']): Promise<{ files: number; findings: ScanFinding[] }> {
	// The options of the scanner's analyzePackage(): inline eslint-disable comments do not count.
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = scannerGlob().sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const findings = results.flatMap((result) =>
		result.messages
			.filter((message) => message.severity === 2)
			.map((message) => ({
				leg,
				file: path.relative(dir, result.filePath),
				line: message.line,
				rule: message.ruleId ?? '(parse error)',
				subject: /'([^']+)'/.exec(message.message)?.[1] ?? '',
				message: message.message,
			})),
	);
	return { files: files.length, findings };
}

export async function scanPackage(): Promise<ScanReport> {
	// eslint-plugin-n8n-nodes-base treats every file as a node file when NODE_ENV is `test` (its
	// own test mode, read when it loads): jest sets it, n8n's scanner runs without it.
	delete process.env.NODE_ENV;
	// The scanner is an untyped ES module (.mjs): imported at run time, typed by ScannerModule.
	const specifier = SCANNER;
	const scanner = (await import(specifier)) as ScannerModule;
	const tarball = await packTarball();
	const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'ccsms-scan-'));
	try {
		await unpackTarball(tarball, unpacked);
		const source = await lint(scanner, REPO_ROOT, scanner.SOURCE_FILE_PATTERNS, 'source');
		const packed = await lint(scanner, unpacked, TARBALL_FILE_PATTERNS, 'tarball');
		return { files: { source: source.files, tarball: packed.files }, findings: [...source.findings, ...packed.findings] };
	} finally {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
		fs.rmSync(unpacked, { recursive: true, force: true });
	}
}

if (require.main === module) {
	scanPackage().then(
		(report) => {
			if (process.argv.includes('--json')) {
				process.stdout.write(JSON.stringify(report));
				return;
			}
			for (const f of report.findings) console.log(`${f.leg}\t${f.file}:${f.line}\t${f.rule}\t${f.message}`);
			console.log(
				`${report.files.source} source and ${report.files.tarball} tarball files linted; ${report.findings.length} finding(s). ` +
					`The README lists the known ones ("n8n's community-package scanner").`,
			);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}

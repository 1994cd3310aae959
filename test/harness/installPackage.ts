import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { E2E_DIR, PACKAGE_NAME, REPO_ROOT } from './paths';
import { runCollecting } from './processes';

const CACHE_DIR = path.join(E2E_DIR, 'package-cache');
const COMPLETE_MARKER = '.installed-by-harness';

/**
 * The npm arguments of n8n's community installer, the same in 2.41 and 1.123
 * (modules/community-packages/community-packages.service.js), less the registry.
 */
const INSTALLER_NPM_ARGS = [
	'install',
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/** The package.json fields n8n's installer deletes before `npm install`. */
const STRIPPED_FIELDS = ['devDependencies', 'peerDependencies', 'optionalDependencies'];

export interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	n8n?: { n8nNodesApiVersion?: number; nodes?: string[]; credentials?: string[] };
	[field: string]: unknown;
}

export function readPackageJson(dir: string): PackageJson {
	return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

function assertBuilt(): void {
	const { n8n } = readPackageJson(REPO_ROOT);
	const files = [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])];
	const missing = files.filter((file) => !fs.existsSync(path.join(REPO_ROOT, file)));
	if (missing.length > 0) {
		throw new Error(`The package is not built (missing ${missing.join(', ')}). Run \`npm run build\` first.`);
	}
}

/** `npm pack` of the built repository into a fresh temporary folder; returns the tarball's path. */
export async function packTarball(): Promise<string> {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccsms-pack-'));
	await runCollecting('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO_ROOT });
	const tarball = fs.readdirSync(packDir).find((name) => name.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack produced no tarball in ${packDir}`);
	return path.join(packDir, tarball);
}

/** What n8n's installer does to the unpacked package.json before `npm install`. */
function stripForInstall(packageDir: string): void {
	const file = path.join(packageDir, 'package.json');
	const packageJson = readPackageJson(packageDir);
	for (const field of STRIPPED_FIELDS) delete packageJson[field];
	fs.writeFileSync(file, JSON.stringify(packageJson, null, 2), 'utf8');
}

/** Unpacks a tarball into `dir` as n8n's installer does (`tar -xzf … --strip-components=1`). */
export async function unpackTarball(tarball: string, dir: string): Promise<void> {
	fs.mkdirSync(dir, { recursive: true });
	await runCollecting('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { cwd: dir });
}

async function buildInstalledTree(tarball: string, target: string): Promise<void> {
	const staging = `${target}.staging-${process.pid}`;
	fs.rmSync(staging, { recursive: true, force: true });
	await unpackTarball(tarball, staging);
	stripForInstall(staging);
	await runCollecting('npm', INSTALLER_NPM_ARGS, { cwd: staging });
	fs.writeFileSync(path.join(staging, COMPLETE_MARKER), new Date().toISOString());
	try {
		fs.renameSync(staging, target);
	} catch (error) {
		// Another process finished the same tree first: theirs is identical.
		fs.rmSync(staging, { recursive: true, force: true });
		if (!fs.existsSync(path.join(target, COMPLETE_MARKER))) throw error;
	}
}

function dropOtherCachedTrees(keep: string): void {
	for (const entry of fs.readdirSync(CACHE_DIR)) {
		if (entry !== keep && !entry.includes('.staging-')) {
			fs.rmSync(path.join(CACHE_DIR, entry), { recursive: true, force: true });
		}
	}
}

/**
 * Packs the built repository and installs it the way n8n's community installer does: unpacked
 * tarball, dev/peer/optional dependencies stripped, `npm install --ignore-scripts` inside it (which
 * would put runtime dependencies into the package's own node_modules; the package has none). The
 * result is cached by the tarball's hash. Returns the directory of the installed package.
 */
export async function prepareInstalledPackage(): Promise<string> {
	assertBuilt();
	const tarball = await packTarball();
	try {
		const hash = createHash('sha256').update(fs.readFileSync(tarball)).digest('hex').slice(0, 16);
		fs.mkdirSync(CACHE_DIR, { recursive: true });
		const tree = path.join(CACHE_DIR, hash);
		if (!fs.existsSync(path.join(tree, COMPLETE_MARKER))) await buildInstalledTree(tarball, tree);
		dropOtherCachedTrees(hash);
		return tree;
	} finally {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

/**
 * Puts the installed package into `<userFolder>/.n8n/nodes/node_modules/<name>` (where n8n's
 * installer puts it and scans at boot), replacing any older copy, and records it in the folder's
 * package.json as n8n does.
 */
export async function installPackageInto(userFolder: string): Promise<string> {
	const tree = await prepareInstalledPackage();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.cpSync(tree, target, { recursive: true });
	fs.rmSync(path.join(target, COMPLETE_MARKER), { force: true });
	const { version } = readPackageJson(target);
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2),
	);
	return target;
}

import * as fs from 'node:fs';
import * as path from 'node:path';

import { withFileLock } from './fileLock';
import { ensureNodeRuntime, type NodeRuntime } from './nodeRuntime';
import { E2E_DIR, REPO_ROOT } from './paths';
import { runCollecting } from './processes';

/**
 * The n8n installs the harness can run, each in its own folder with its own package.json and
 * lockfile (never a dependency of the package). `N8N_TEST_HOST` picks one; 2x is the default of
 * `npm start`, `npm test` and `npm run bench`.
 */
export const N8N_HOST_FOLDERS = { '2x': 'n8n-host', '1x': 'n8n-host-1x' } as const;
export type N8nHostName = keyof typeof N8N_HOST_FOLDERS;
export const N8N_HOST_VARIABLE = 'N8N_TEST_HOST';

export interface N8nHost {
	name: N8nHostName;
	dir: string;
	/** The n8n version pinned in the folder's package.json. */
	version: string;
	/** n8n's bin script (run it with the runtime's node). */
	bin: string;
}

export function n8nHost(name: N8nHostName): N8nHost {
	const dir = path.join(REPO_ROOT, N8N_HOST_FOLDERS[name]);
	const pinned = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: { n8n: string } };
	return { name, dir, version: pinned.dependencies.n8n, bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n') };
}

/** The host `N8N_TEST_HOST` names (2x when unset). */
export function selectedN8nHost(): N8nHost {
	const requested = process.env[N8N_HOST_VARIABLE] || '2x';
	if (!(requested in N8N_HOST_FOLDERS)) {
		throw new Error(`${N8N_HOST_VARIABLE} must be one of ${Object.keys(N8N_HOST_FOLDERS).join(', ')}; got "${requested}"`);
	}
	return n8nHost(requested as N8nHostName);
}

export interface InstalledN8n {
	host: N8nHost;
	runtime: NodeRuntime;
}

function say(host: N8nHost, line: string): void {
	process.stderr.write(`[${N8N_HOST_FOLDERS[host.name]}] ${line}\n`);
}

/**
 * Both live in the gitignored .e2e/ folder. The marker says which n8n and Node an install was
 * completed for: an interrupted install, a changed pin or another Node installs again.
 */
const installLock = (host: N8nHost) => path.join(E2E_DIR, `${N8N_HOST_FOLDERS[host.name]}-install.lock`);
const installMarker = (host: N8nHost) => path.join(E2E_DIR, `${N8N_HOST_FOLDERS[host.name]}-installed.json`);
const markerText = (host: N8nHost, runtime: NodeRuntime) => JSON.stringify({ n8n: host.version, node: runtime.version });
const sqliteBinding = (host: N8nHost) =>
	path.join(host.dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

/**
 * sqlite3 built for a Node, kept in .e2e/ so the second n8n folder (same sqlite3 version) copies
 * it instead of compiling it again (~2 minutes).
 */
function builtBindingCache(host: N8nHost, runtime: NodeRuntime): string {
	const sqlite = JSON.parse(fs.readFileSync(path.join(host.dir, 'node_modules', 'sqlite3', 'package.json'), 'utf8')) as { version: string };
	const key = `sqlite3-${sqlite.version}-node-${runtime.version}-${process.platform}-${process.arch}`;
	return path.join(E2E_DIR, 'sqlite3-builds', key, 'node_sqlite3.node');
}

async function buildSqlite(host: N8nHost, runtime: NodeRuntime): Promise<void> {
	const cached = builtBindingCache(host, runtime);
	if (fs.existsSync(cached)) {
		fs.mkdirSync(path.dirname(sqliteBinding(host)), { recursive: true });
		fs.copyFileSync(cached, sqliteBinding(host));
		say(host, `sqlite3 for Node ${runtime.version}: copied the one built earlier (${path.relative(E2E_DIR, cached)})`);
		return;
	}
	say(host, `building sqlite3 for Node ${runtime.version} (~2 minutes)`);
	const started = Date.now();
	await npmInHost(host, runtime, ['rebuild', 'sqlite3', ...(runtime.nodeDir ? [`--nodedir=${runtime.nodeDir}`] : [])]);
	fs.mkdirSync(path.dirname(cached), { recursive: true });
	fs.copyFileSync(sqliteBinding(host), cached);
	say(host, `sqlite3 built in ${Math.round((Date.now() - started) / 1000)} s`);
}

function isInstalled(host: N8nHost, runtime: NodeRuntime): boolean {
	try {
		return (
			fs.readFileSync(installMarker(host), 'utf8') === markerText(host, runtime) &&
			fs.existsSync(host.bin) &&
			fs.existsSync(sqliteBinding(host))
		);
	} catch {
		return false;
	}
}

async function npmInHost(host: N8nHost, runtime: NodeRuntime, args: string[]): Promise<void> {
	const started = Date.now();
	const heartbeat = setInterval(() => {
		say(host, `still at \`npm ${args[0]}\`... ${Math.round((Date.now() - started) / 1000)} s`);
	}, 30_000);
	try {
		await runCollecting('npm', args, { cwd: host.dir, env: runtime.withPath(process.env), onLine: (line) => say(host, line) });
	} finally {
		clearInterval(heartbeat);
	}
}

/**
 * Makes sure an n8n (n8n-host/ by default, pinned by its lockfile) and the Node it runs on are
 * installed, installing them once if not (n8n: ~5 minutes, ~2.8 GB). Scripts are not run: one of
 * n8n's optional native modules (a Kafka client) does not build, and n8n needs only one native
 * build, sqlite3's, which is rebuilt against the headers of the Node that runs n8n. Concurrent
 * callers wait for one install.
 */
export async function ensureN8nInstalled(host: N8nHost = selectedN8nHost()): Promise<InstalledN8n> {
	const runtime = await ensureNodeRuntime();
	if (isInstalled(host, runtime)) return { host, runtime };
	fs.mkdirSync(E2E_DIR, { recursive: true });
	await withFileLock(
		installLock(host),
		() => say(host, 'another process is installing n8n; waiting for it'),
		async () => {
			if (isInstalled(host, runtime)) return;
			const started = Date.now();
			say(host, `installing n8n ${host.version} (first run only; ~5 minutes, ~2.8 GB), to run on Node ${runtime.version}`);
			fs.rmSync(installMarker(host), { force: true });
			// `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages out of the
			// lockfile and then refuses `npm ci` as "out of sync"; install resolves the locked versions.
			await npmInHost(host, runtime, ['install', '--no-audit', '--no-fund', '--ignore-scripts']);
			say(host, `n8n's packages installed in ${Math.round((Date.now() - started) / 1000)} s`);
			await buildSqlite(host, runtime);
			if (!fs.existsSync(host.bin) || !fs.existsSync(sqliteBinding(host))) {
				throw new Error(`n8n is still incomplete after installing: ${host.bin}, ${sqliteBinding(host)}`);
			}
			fs.writeFileSync(installMarker(host), markerText(host, runtime));
			say(host, `n8n ${host.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
		},
	);
	return { host, runtime };
}

import * as fs from 'node:fs';
import * as path from 'node:path';

import { withFileLock } from './fileLock';
import { E2E_DIR, N8N_BIN, N8N_HOST_DIR } from './paths';
import { runCollecting } from './processes';

// Both live in the gitignored .e2e/ folder.
const INSTALL_LOCK = path.join(E2E_DIR, 'n8n-host-install.lock');
/** Present while an install runs; left behind by an interrupted one, so the next run installs again. */
const INSTALL_INCOMPLETE = path.join(E2E_DIR, 'n8n-host-install-incomplete');

function say(line: string): void {
	process.stderr.write(`[n8n-host] ${line}\n`);
}

function isInstalled(): boolean {
	return (
		!fs.existsSync(INSTALL_INCOMPLETE) &&
		fs.existsSync(N8N_BIN) &&
		fs.existsSync(path.join(N8N_HOST_DIR, 'node_modules', 'sqlite3'))
	);
}

async function npmInHost(args: string[]): Promise<void> {
	const started = Date.now();
	const heartbeat = setInterval(() => {
		say(`still installing... ${Math.round((Date.now() - started) / 1000)} s`);
	}, 30_000);
	try {
		await runCollecting('npm', args, { cwd: N8N_HOST_DIR, onLine: (line) => say(line) });
	} finally {
		clearInterval(heartbeat);
	}
}

/**
 * Makes sure the n8n used by the tests and `npm start` (n8n-host/, pinned by its lockfile) is
 * installed, installing it once if not (4-11 minutes, ~2.3 GB). Concurrent callers wait for one
 * install. Returns the path of n8n's bin script.
 */
export async function ensureN8nInstalled(): Promise<string> {
	if (isInstalled()) return N8N_BIN;
	fs.mkdirSync(E2E_DIR, { recursive: true });
	await withFileLock(
		INSTALL_LOCK,
		() => say('another process is installing n8n; waiting for it'),
		async () => {
			if (isInstalled()) return;
			const started = Date.now();
			say('installing n8n 2.8.4 into n8n-host/ (first run only; takes 4-11 minutes, ~2.3 GB)');
			fs.writeFileSync(INSTALL_INCOMPLETE, new Date().toISOString());
			// `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages out of the
			// lockfile and then refuses `npm ci` as "out of sync"; install resolves the locked versions.
			await npmInHost(['install', '--no-audit', '--no-fund']);
			fs.rmSync(INSTALL_INCOMPLETE, { force: true });
			if (!isInstalled()) throw new Error(`n8n is still missing after installing: ${N8N_BIN}`);
			say(`n8n installed in ${Math.round((Date.now() - started) / 1000)} s`);
		},
	);
	return N8N_BIN;
}

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort } from './ports';
import { runLogged, tailOfFile } from './processes';
import { stopChild } from './childProcesses';

/** How n8n (and the harness) reach a throw-away PostgreSQL. */
export interface PostgresConnection {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
}

export interface PostgresServer extends PostgresConnection {
	dataDir: string;
	logFile: string;
	stop(): Promise<void>;
}

const NOBODY = { uid: 65534, gid: 65534 };

/** Debian's PostgreSQL server binaries (package `postgresql`), newest version first. */
export function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((entry) => fs.existsSync(path.join(root, entry, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) {
		throw new Error("PostgreSQL's server is not installed (Debian package `postgresql`; .ci/run installs it)");
	}
	return path.join(root, versions[0], 'bin');
}

/**
 * PostgreSQL refuses to run as root: as root, the server runs as `nobody` on a data folder that
 * user owns; otherwise as the current user.
 */
function asUnprivileged(): { uid?: number; gid?: number } {
	return process.getuid?.() === 0 ? NOBODY : {};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a PostgreSQL server of its own (no system service): a fresh cluster in a temporary folder,
 * listening on 127.0.0.1 only (no Unix socket), trust authentication, with a database for n8n.
 */
export async function startPostgres(options: { port?: number; database?: string } = {}): Promise<PostgresServer> {
	const bin = postgresBinDir();
	const port = options.port ?? (await freePort());
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ccsms-postgres-'));
	const dataDir = path.join(base, 'data');
	const logFile = path.join(base, 'postgres.log');
	const user = asUnprivileged();
	fs.mkdirSync(dataDir, { mode: 0o700 });
	fs.writeFileSync(logFile, '');
	if (user.uid !== undefined) {
		for (const entry of [base, dataDir, logFile]) fs.chownSync(entry, user.uid, user.gid ?? user.uid);
	}
	const run = { cwd: base, env: { ...process.env, LC_ALL: 'C' }, ...user };
	await runLogged(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], logFile, run);

	const log = fs.openSync(logFile, 'a');
	const child: ChildProcess = spawn(
		path.join(bin, 'postgres'),
		['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=200'],
		{ ...run, detached: true, stdio: ['ignore', log, log] },
	);
	fs.closeSync(log);
	const database = options.database ?? 'n8n';
	const connection = { host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database };
	try {
		await waitForPostgres(child, connection, logFile);
		await runLogged(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database], logFile, run);
	} catch (error) {
		await stopChild(child, 'SIGINT');
		throw error;
	}
	return {
		...connection,
		dataDir,
		logFile,
		stop: async () => {
			await stopChild(child, 'SIGINT'); // PostgreSQL's "fast shutdown"
			fs.rmSync(base, { recursive: true, force: true });
		},
	};
}

async function waitForPostgres(child: ChildProcess, connection: PostgresConnection, logFile: string): Promise<void> {
	const isReady = path.join(postgresBinDir(), 'pg_isready');
	for (let attempt = 0; attempt < 150; attempt++) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`PostgreSQL exited during startup; log ${logFile}:\n${tailOfFile(logFile)}`);
		}
		const ready = await runLogged(isReady, ['-h', connection.host, '-p', String(connection.port), '-U', connection.user], logFile, {
			cwd: path.dirname(logFile),
		}).then(
			() => true,
			() => false,
		);
		if (ready) return;
		await sleep(100);
	}
	throw new Error(`PostgreSQL was not ready within 15 s; log ${logFile}:\n${tailOfFile(logFile)}`);
}

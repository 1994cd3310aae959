import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { exited, stopChild } from './childProcesses';
import { freePort } from './ports';
import { tailOfFile } from './processes';

export interface RedisServer {
	host: string;
	port: number;
	logFile: string;
	/** Stops the server (SIGKILL with `abruptly`: as a crash would); `start()` brings it back on the same port. */
	stop(options?: { abruptly?: boolean }): Promise<void>;
	start(): Promise<void>;
	/** Stops it for good and removes its data folder. */
	close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a Redis answers PING on the port (a raw RESP exchange: the harness needs no client). */
function pings(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		const finish = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(500, () => finish(false));
		socket.once('error', () => finish(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
	});
}

/**
 * Starts Debian's redis-server as a process of its own (no system service) on a loopback port with
 * a throw-away data folder: n8n's queue and the triggers' replay memory for one test run.
 */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
	const port = options.port ?? (await freePort());
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccsms-redis-'));
	const logFile = path.join(dir, 'redis.log');
	let child: ChildProcess | undefined;

	const start = async () => {
		const log = fs.openSync(logFile, 'a');
		const started = spawn(
			'redis-server',
			// Persisted as a production Redis is: a stop and start keeps n8n's queue and the replay memory.
			['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir],
			{ cwd: dir, detached: true, stdio: ['ignore', log, log] },
		);
		fs.closeSync(log);
		child = started;
		for (let attempt = 0; attempt < 100; attempt++) {
			if (exited(started)) throw new Error(`redis-server exited during startup; log ${logFile}:\n${tailOfFile(logFile)}`);
			if (await pings(port)) return;
			await sleep(100);
		}
		throw new Error(`redis-server was not ready within 10 s; log ${logFile}:\n${tailOfFile(logFile)}`);
	};
	await start();
	return {
		host: '127.0.0.1',
		port,
		logFile,
		start,
		stop: async ({ abruptly = false } = {}) => {
			if (child) await stopChild(child, abruptly ? 'SIGKILL' : 'SIGTERM', 5000);
		},
		close: async () => {
			if (child) await stopChild(child, 'SIGTERM', 5000);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

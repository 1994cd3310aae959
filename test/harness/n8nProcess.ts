import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

import { exited, killGroup, stopChild } from './childProcesses';
import { tailOfFile } from './processes';

/** One n8n process (`n8n start`, `n8n worker` or `n8n webhook`) the harness started detached. */
export interface N8nProcess {
	/** What it is, for messages: `main`, `worker 1`, `webhook 2`. */
	role: string;
	logFile: string;
	/** The HTTP port it serves (main and webhook processes). */
	port?: number;
	pid(): number;
	running(): boolean;
	/** SIGKILL to the process and everything it started, as a crash would; resolves once it is gone. */
	crash(): Promise<void>;
	/** SIGTERM, then SIGKILL after a grace period. */
	stop(): Promise<void>;
	/** Starts it again with the same command and environment (log appended); resolves once ready. */
	restart(): Promise<void>;
}

/** Polled while the process starts: `log` is what it has written since this start. */
export type ReadyCheck = (log: string) => Promise<boolean> | boolean;

export interface N8nProcessSpec {
	role: string;
	/** The Node that runs n8n, and n8n's arguments (its bin, then the command). */
	node: string;
	args: string[];
	env: NodeJS.ProcessEnv;
	cwd: string;
	logFile: string;
	/** Holds the pid while it runs, so a later harness run can stop a leftover (stopLeftoverN8n). */
	pidFile: string;
	port?: number;
	isReady: ReadyCheck;
	readyTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function logSince(file: string, offset: number): string {
	try {
		const fd = fs.openSync(file, 'r');
		try {
			const size = fs.fstatSync(fd).size;
			const buffer = Buffer.alloc(Math.max(0, size - offset));
			fs.readSync(fd, buffer, 0, buffer.length, offset);
			return buffer.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return '';
	}
}

/** Starts an n8n process and waits until `isReady` says so (or it exits, or the time is up). */
export async function launchN8nProcess(spec: N8nProcessSpec): Promise<N8nProcess> {
	let child: ChildProcess | undefined;

	const start = async (append: boolean) => {
		const offset = append && fs.existsSync(spec.logFile) ? fs.statSync(spec.logFile).size : 0;
		const log = fs.openSync(spec.logFile, append ? 'a' : 'w');
		const started = spawn(spec.node, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', log, log] });
		fs.closeSync(log);
		if (started.pid === undefined) throw new Error(`n8n ${spec.role} did not start`);
		child = started;
		fs.writeFileSync(spec.pidFile, String(started.pid));
		const timeoutMs = spec.readyTimeoutMs ?? 180_000;
		const deadline = Date.now() + timeoutMs;
		try {
			for (;;) {
				if (exited(started)) throw new Error(`n8n ${spec.role} exited during startup; log ${spec.logFile}:\n${tailOfFile(spec.logFile)}`);
				if (await spec.isReady(logSince(spec.logFile, offset))) return;
				if (Date.now() > deadline) {
					throw new Error(`n8n ${spec.role} was not ready within ${timeoutMs} ms; log ${spec.logFile}:\n${tailOfFile(spec.logFile)}`);
				}
				await sleep(150);
			}
		} catch (error) {
			await stopChild(started);
			throw error;
		}
	};

	const current = () => {
		if (!child) throw new Error(`n8n ${spec.role} was never started`);
		return child;
	};
	const stop = async () => {
		if (child) await stopChild(child);
		fs.rmSync(spec.pidFile, { force: true });
	};

	await start(false);
	return {
		role: spec.role,
		logFile: spec.logFile,
		port: spec.port,
		pid: () => current().pid ?? 0,
		running: () => !!child && !exited(child),
		crash: async () => {
			const target = current();
			if (exited(target)) return;
			const gone = new Promise<void>((resolve) => target.once('exit', () => resolve()));
			killGroup(target, 'SIGKILL');
			await gone;
		},
		stop,
		restart: async () => {
			await stop();
			await start(true);
		},
	};
}

/** The HTTP status a URL answers (0 when it cannot be reached). */
export async function probeStatus(url: string, timeoutMs = 2000): Promise<number> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

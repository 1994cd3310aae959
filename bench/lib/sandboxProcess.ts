/**
 * The vendor sandbox in a process of its own (`sandbox/main.ts`), so that neither contender
 * shares an event loop with the simulated vendor. Driven through its admin API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { SandboxClient } from '../../sandbox/client';
import { freePort } from '../../test/harness/ports';
import { REPO_ROOT } from '../../test/harness/paths';
import { waitUntil } from './load';

export interface SandboxProcess {
	url: string;
	client: SandboxClient;
	pid: number;
	stop(): Promise<void>;
}

export async function startSandboxProcess(logFile: string): Promise<SandboxProcess> {
	const port = await freePort();
	const log = fs.openSync(logFile, 'a');
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join('sandbox', 'main.ts'), '--port', String(port)], {
		cwd: REPO_ROOT,
		stdio: ['ignore', log, log],
	});
	fs.closeSync(log);
	if (child.pid === undefined) throw new Error('the sandbox process did not start');
	const url = `http://127.0.0.1:${port}`;
	const client = new SandboxClient(url);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	};
	const up = await waitUntil(
		() =>
			client.health().then(
				(health) => health.ok,
				() => false,
			),
		20_000,
		100,
	);
	if (!up) {
		await stop();
		throw new Error(`the sandbox did not answer within 20 s; log ${logFile}`);
	}
	return { url, client, pid: child.pid, stop };
}

import * as fs from 'node:fs';
import * as path from 'node:path';

import { readExecutions, waitForExecutions, type StoredExecution } from './executions';
import type { CredentialFixture, WorkflowFixture } from './fixtures';
import { activateWorkflows, importFixtures, waitForPublication } from './n8nCli';
import { n8nEnvironment } from './n8nEnvironment';
import { ensureN8nInstalled } from './n8nHost';
import { freePort } from './ports';
import { tailOfFile } from './processes';
import { launchN8nProcess, probeStatus, type N8nProcess, type ReadyCheck } from './n8nProcess';

export interface StartN8nOptions {
	userFolder: string;
	/** Free ports are picked when left out. */
	port?: number;
	brokerPort?: number;
	credentials?: CredentialFixture[];
	workflows?: WorkflowFixture[];
	/** Workflow ids to activate; all imported workflows when left out. */
	activate?: string[];
	/** Extra environment for n8n (e.g. values read by `{{$env.X}}`). */
	env?: Record<string, string>;
	/** Path probed until it answers something other than 404 (default `/rest/login`). */
	probePath?: string;
	readyTimeoutMs?: number;
	/** Progress lines with timings (import, activation, start). */
	onProgress?: (line: string) => void;
}

export interface N8nInstance {
	/** The n8n version running, and the Node version it runs on. */
	version: string;
	nodeVersion: string;
	baseUrl: string;
	port: number;
	userFolder: string;
	logFile: string;
	pid: number;
	/** The `n8n start` process (to crash or restart it). */
	main: N8nProcess;
	/** Production URL of a node webhook: `/webhook/<webhookId>/<path>`. */
	webhookUrl(webhookId: string, path?: string): string;
	/** Production URL of a full-path webhook (n8n's Webhook node): `/webhook/<path>`. */
	productionUrl(path: string): string;
	executions(workflowId: string, options?: { finishedOnly?: boolean }): Promise<StoredExecution[]>;
	waitForExecutions(workflowId: string, count: number, timeoutMs?: number): Promise<StoredExecution[]>;
	stop(): Promise<void>;
}

const READY_LOG_LINE = 'Editor is now accessible via';
const ACTIVATION_PROBLEM = 'Issue on initial workflow activation';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `n8n start` is ready when the probe URL answers something other than 404 (REST routes exist) AND
 * n8n logged that the editor is accessible, which it does only after activating every workflow.
 */
export function mainIsReady(probeUrl: string): ReadyCheck {
	return async (log) => log.includes(READY_LOG_LINE) && ![0, 404].includes(await probeStatus(probeUrl));
}

/** Every workflow activated (1.x logs problems; 2.x records each in its publication outbox). */
export async function assertPublished(userFolder: string, workflowIds: string[], logFile: string, readyBy: number): Promise<void> {
	assertWorkflowsActivated(logFile);
	await waitForPublication(userFolder, workflowIds, Math.max(readyBy - Date.now(), 1000)).catch((error: Error) => {
		throw new Error(`${error.message}\nlog ${logFile}:\n${tailOfFile(logFile)}`);
	});
}

function assertWorkflowsActivated(logFile: string): void {
	const problems = fs
		.readFileSync(logFile, 'utf8')
		.split('\n')
		.filter((line) => line.includes(ACTIVATION_PROBLEM));
	if (problems.length > 0) {
		throw new Error(`n8n could not activate some workflows:\n${problems.join('\n')}\nlog ${logFile}:\n${tailOfFile(logFile)}`);
	}
}

/**
 * Starts a real n8n (the one N8N_TEST_HOST selects) on a user folder: imports the fixtures with
 * the CLI, activates the workflows (SQL, n8n stopped), starts `n8n start` detached with output in
 * `<userFolder>/n8n.log`, and waits until it is ready (on 2.x: until every workflow is published).
 * The package must already be in `<userFolder>/.n8n/nodes/node_modules`.
 */
export async function startN8n(options: StartN8nOptions): Promise<N8nInstance> {
	const { host, runtime } = await ensureN8nInstalled();
	const userFolder = path.resolve(options.userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	const port = options.port ?? (await freePort());
	const brokerPort = options.brokerPort ?? (await freePort());
	const env = runtime.withPath(n8nEnvironment({ userFolder, port, brokerPort, extra: options.env }));
	const logFile = path.join(userFolder, 'n8n.log');
	const workflows = options.workflows ?? [];

	const progress = options.onProgress ?? (() => undefined);
	let lap = Date.now();
	const cli = { node: runtime.bin, bin: host.bin, userFolder, env, logFile: path.join(userFolder, 'n8n-cli.log') };
	await importFixtures(cli, options.credentials ?? [], workflows);
	progress(`imported ${options.credentials?.length ?? 0} credential(s) and ${workflows.length} workflow(s) in ${Date.now() - lap} ms`);
	const activate = options.activate ?? workflows.map((workflow) => workflow.id);
	await activateWorkflows(userFolder, activate);
	lap = Date.now();

	const baseUrl = `http://127.0.0.1:${port}`;
	const readyBy = Date.now() + (options.readyTimeoutMs ?? 180_000);
	const main = await launchN8nProcess({
		role: 'main',
		node: runtime.bin,
		args: [host.bin, 'start'],
		env,
		cwd: userFolder,
		logFile,
		pidFile: path.join(userFolder, 'n8n.pid'),
		port,
		isReady: mainIsReady(`${baseUrl}${options.probePath ?? '/rest/login'}`),
		readyTimeoutMs: readyBy - Date.now(),
	});
	try {
		await assertPublished(userFolder, activate, logFile, readyBy);
		progress(`n8n started and activated the workflows in ${Date.now() - lap} ms (${baseUrl})`);
	} catch (error) {
		await main.stop();
		throw error;
	}

	return {
		version: host.version,
		nodeVersion: runtime.version,
		baseUrl,
		port,
		userFolder,
		logFile,
		pid: main.pid(),
		main,
		webhookUrl: (webhookId, webhookPath = 'webhook') => `${baseUrl}/webhook/${webhookId}/${webhookPath}`,
		productionUrl: (webhookPath) => `${baseUrl}/webhook/${webhookPath}`,
		executions: (workflowId, readOptions) => readExecutions(userFolder, workflowId, readOptions),
		waitForExecutions: (workflowId, count, timeoutMs) => waitForExecutions(userFolder, workflowId, count, timeoutMs),
		stop: () => main.stop(),
	};
}

/**
 * Stops the n8n processes left running on `userFolder` by an earlier harness run that died (their
 * pid files, `n8n*.pid`, are still there and each process is an n8n started on that folder). Only
 * processes we started match.
 */
export async function stopLeftoverN8n(userFolder: string): Promise<void> {
	if (!fs.existsSync(userFolder)) return;
	for (const entry of fs.readdirSync(userFolder).filter((name) => /^n8n.*\.pid$/.test(name))) {
		await stopLeftoverProcess(userFolder, path.join(userFolder, entry));
	}
}

async function stopLeftoverProcess(userFolder: string, pidFile: string): Promise<void> {
	const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
	fs.rmSync(pidFile, { force: true });
	if (!Number.isInteger(pid) || pid <= 0) return;
	let environ = '';
	try {
		environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
	} catch {
		return; // not running (or not ours to read)
	}
	if (!environ.split('\0').includes(`N8N_USER_FOLDER=${path.resolve(userFolder)}`)) return;
	process.stderr.write(`[n8n] stopping n8n (pid ${pid}) left running on ${userFolder}\n`);
	try {
		process.kill(-pid, 'SIGTERM');
	} catch {
		return;
	}
	for (let waited = 0; waited < 15_000; waited += 200) {
		await sleep(200);
		try {
			process.kill(pid, 0);
		} catch {
			return;
		}
	}
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// gone
	}
}

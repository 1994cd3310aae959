/**
 * n8n in queue mode, as a contact center scales it out: PostgreSQL and Redis of their own, the main
 * process, webhook processes and workers sharing one user folder (the package installed there as
 * n8n's installer does), and a balancer in front that sends `/webhook/…` to the webhook processes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { readExecutions, waitForExecutions } from './executions';
import { activateWorkflows, importFixtures } from './n8nCli';
import { useNodePostgres } from './n8nDatabase';
import { n8nEnvironment } from './n8nEnvironment';
import { ensureN8nInstalled } from './n8nHost';
import { assertPublished, mainIsReady, type N8nInstance, type StartN8nOptions } from './n8nInstance';
import { launchN8nProcess, probeStatus, type N8nProcess } from './n8nProcess';
import { freePort } from './ports';
import { startPostgres, type PostgresServer } from './postgresServer';
import { startRedis, type RedisServer } from './redisServer';
import { startWebhookBalancer, type WebhookBalancer } from './webhookBalancer';

export interface QueueModeOptions extends StartN8nOptions {
	webhookProcesses?: number;
	workers?: number;
	/** Jobs one worker runs at once (`n8n worker --concurrency`). */
	workerConcurrency?: number;
	/** The balancer's readiness-probe failure threshold (see webhookBalancer.ts; default 1). */
	failedProbesBeforeNotReady?: number;
	/** The balancer turns n8n's 404 on `/webhook/…` into 503 (see webhookBalancer.ts). */
	webhookNotFoundAs503?: boolean;
}

export interface QueueModeN8n extends N8nInstance {
	workers: N8nProcess[];
	webhooks: N8nProcess[];
	redis: RedisServer;
	postgres: PostgresServer;
	balancer: WebhookBalancer;
	/** Every process's log file (main, workers, webhook processes). */
	logFiles(): string[];
}

export function isQueueMode(n8n: N8nInstance | QueueModeN8n): n8n is QueueModeN8n {
	return 'webhooks' in n8n;
}

const WORKER_READY = 'n8n worker is now ready';
const WEBHOOK_READY = 'Webhook listener waiting for requests';

/** The settings every process of one queue-mode n8n shares (n8n's documented variables). */
export function queueModeEnvironment(postgres: PostgresServer, redis: RedisServer, webhookUrl: string): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Production webhooks are the webhook processes' job; the main process serves the editor.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		WEBHOOK_URL: `${webhookUrl}/`,
	};
}

export async function startQueueModeN8n(options: QueueModeOptions): Promise<QueueModeN8n> {
	const { host, runtime } = await ensureN8nInstalled();
	const userFolder = path.resolve(options.userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	const progress = options.onProgress ?? (() => undefined);
	const started: Array<{ stop(): Promise<void> }> = [];
	const stopAll = async () => {
		for (const part of started.reverse()) await part.stop().catch(() => undefined);
	};

	try {
		let lap = Date.now();
		const postgres = await startPostgres();
		started.push(postgres);
		const redis = await startRedis();
		started.push({ stop: () => redis.close() });
		progress(`PostgreSQL (port ${postgres.port}) and Redis (port ${redis.port}) started in ${Date.now() - lap} ms`);
		useNodePostgres(userFolder, postgres);

		const mainPort = options.port ?? (await freePort());
		const webhookPorts: number[] = [];
		for (let i = 0; i < (options.webhookProcesses ?? 2); i++) webhookPorts.push(await freePort());
		const balancerPort = await freePort();
		const shared = { ...queueModeEnvironment(postgres, redis, `http://127.0.0.1:${balancerPort}`), ...options.env };
		const environment = async (port: number) =>
			runtime.withPath(n8nEnvironment({ userFolder, port, brokerPort: await freePort(), extra: shared }));

		lap = Date.now();
		const mainEnv = await environment(mainPort);
		const workflows = options.workflows ?? [];
		const cli = { node: runtime.bin, bin: host.bin, userFolder, env: mainEnv, logFile: path.join(userFolder, 'n8n-cli.log') };
		await importFixtures(cli, options.credentials ?? [], workflows);
		const activate = options.activate ?? workflows.map((workflow) => workflow.id);
		await activateWorkflows(userFolder, activate);
		progress(`imported ${options.credentials?.length ?? 0} credential(s) and ${workflows.length} workflow(s) into PostgreSQL in ${Date.now() - lap} ms`);

		lap = Date.now();
		const readyBy = Date.now() + (options.readyTimeoutMs ?? 240_000);
		const launch = async (role: string, command: string[], port: number | undefined, isReady: (log: string) => Promise<boolean> | boolean) => {
			const file = role.replace(' ', '-');
			const process = await launchN8nProcess({
				role,
				node: runtime.bin,
				args: [host.bin, ...command],
				env: await environment(port ?? (await freePort())),
				cwd: userFolder,
				logFile: path.join(userFolder, `n8n-${file}.log`),
				pidFile: path.join(userFolder, `n8n-${file}.pid`),
				port,
				isReady,
				readyTimeoutMs: Math.max(readyBy - Date.now(), 1000),
			});
			started.push(process);
			return process;
		};
		const main = await launch('main', ['start'], mainPort, mainIsReady(`http://127.0.0.1:${mainPort}${options.probePath ?? '/rest/login'}`));
		await assertPublished(userFolder, activate, main.logFile, readyBy);
		const concurrency = String(options.workerConcurrency ?? 10);
		const workers = await Promise.all(
			Array.from({ length: options.workers ?? 1 }, (_, i) =>
				launch(`worker ${i + 1}`, ['worker', `--concurrency=${concurrency}`], undefined, (log) => log.includes(WORKER_READY)),
			),
		);
		const webhooks = await Promise.all(
			webhookPorts.map((port, i) =>
				launch(`webhook ${i + 1}`, ['webhook'], port, async (log) => log.includes(WEBHOOK_READY) && (await probeStatus(`http://127.0.0.1:${port}/healthz`)) === 200),
			),
		);
		const balancer = await startWebhookBalancer({
			mainPort,
			webhookPorts,
			port: balancerPort,
			failedProbesBeforeNotReady: options.failedProbesBeforeNotReady,
			webhookNotFoundAs503: options.webhookNotFoundAs503,
		});
		started.push({ stop: () => balancer.close() });
		progress(`n8n main, ${workers.length} worker(s) and ${webhooks.length} webhook process(es) ready in ${Date.now() - lap} ms (balancer ${balancer.url})`);

		const baseUrl = balancer.url;
		return {
			version: host.version,
			nodeVersion: runtime.version,
			baseUrl,
			port: balancerPort,
			userFolder,
			logFile: main.logFile,
			pid: main.pid(),
			main,
			workers,
			webhooks,
			redis,
			postgres,
			balancer,
			logFiles: () => [main, ...workers, ...webhooks].map((process) => process.logFile),
			webhookUrl: (webhookId, webhookPath = 'webhook') => `${baseUrl}/webhook/${webhookId}/${webhookPath}`,
			productionUrl: (webhookPath) => `${baseUrl}/webhook/${webhookPath}`,
			executions: (workflowId, readOptions) => readExecutions(userFolder, workflowId, readOptions),
			waitForExecutions: (workflowId, count, timeoutMs) => waitForExecutions(userFolder, workflowId, count, timeoutMs),
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

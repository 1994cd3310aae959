/**
 * What `npm run bench` runs against: the sandbox in its own process and a real n8n with the
 * package installed as n8n's community installer does it, the bench workflows imported and active.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEFAULT_ALVARIA_ORG } from '../../sandbox/vendors/alvariaConfig';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { DEFAULT_CCAI_TENANT } from '../../sandbox/vendors/ccaiConfig';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { sandboxCredentials } from '../../test/harness/credentialFixtures';
import type { CredentialFixture } from '../../test/harness/fixtures';
import { loadWorkflows } from '../../test/harness/fixtures';
import { installPackageInto } from '../../test/harness/installPackage';
import { startN8n, type N8nInstance, type StartN8nOptions } from '../../test/harness/n8nInstance';
import { startQueueModeN8n, type QueueModeOptions } from '../../test/harness/n8nQueueMode';
import { E2E_DIR, REPO_ROOT } from '../../test/harness/paths';
import { startSandboxProcess, type SandboxProcess } from './sandboxProcess';

export const BENCH_WORKFLOWS_DIR = path.join(REPO_ROOT, 'bench', 'workflows');
export const BATCH_CONCURRENCY = 20;
/** The Requests per Second of the bench's CCAI Platform credential (and the sandbox's limit in the pacing scenario). */
export const CCAI_BENCH_RATE = 100;
/** Who the Alvaria bench workflow sends as. */
export const ALVARIA_ENTITY = { name: 'benchAgent', type: 'Agent' } as const;

/** Separate client ids so each contender's token requests are counted apart by the sandbox. */
export const RAW_TENANT = { clientId: 'bench-raw-undici-client', clientSecret: 'bench-raw-undici-secret-example' };
export const BUILDER_TENANT = { clientId: 'bench-builder-client', clientSecret: 'bench-builder-secret-example' };

export interface BenchBed {
	/** One process, or queue mode with its workers (e.g. "queue mode, 2 workers"). */
	mode: string;
	sandbox: SandboxProcess;
	/** In queue mode: the balancer's URLs (webhooks go to the webhook processes); `pid` is the main process. */
	n8n: N8nInstance;
	runDir: string;
	/** Whether the package has the Genesys trigger (and the bench imported its workflow). */
	hasGenesys: boolean;
	stop(): Promise<void>;
}

function packageNodes(): string[] {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[] } };
	return pkg.n8n?.nodes ?? [];
}

function credentials(sandboxUrl: string, hasGenesys: boolean): CredentialFixture[] {
	const sandbox = sandboxCredentials(sandboxUrl);
	const ccai = sandbox.find((credential) => credential.type === 'ccaiPlatformApi');
	if (!ccai) throw new Error('the sandbox credentials have no CCAI Platform credential');
	const list = [
		...sandbox,
		{ id: 'benchCryptoCred1', name: 'Avaya webhook secret (HMAC)', type: 'crypto', data: { hmacSecret: DEFAULT_AVAYA_TENANT.webhookSecret } },
		{ id: 'benchCcaiPaced01', name: `Google CCAI Platform (bench, ${CCAI_BENCH_RATE} requests/s)`, type: 'ccaiPlatformApi', data: { ...ccai.data, requestsPerSecond: CCAI_BENCH_RATE } },
	];
	if (hasGenesys) {
		list.push({
			id: 'benchGenesysCred',
			name: 'Genesys Multicloud CX (bench)',
			type: 'genesysMulticloudApi',
			data: {
				baseUrl: `${sandboxUrl}/genesys/nexus/v3`,
				channelId: DEFAULT_GENESYS_TENANT.channelId,
				appSecret: DEFAULT_GENESYS_TENANT.appSecret,
				ccid: DEFAULT_GENESYS_TENANT.ccid,
			},
		});
	}
	return list;
}

function log(line: string): void {
	process.stderr.write(`[bench] ${line}\n`);
}

export interface BenchBedOptions {
	/** More environment for n8n (e.g. NODE_OPTIONS for a profiler). */
	env?: Record<string, string>;
	/** n8n in queue mode (test/harness/n8nQueueMode.ts): PostgreSQL, Redis, main, webhook processes and workers. */
	queueMode?: Pick<QueueModeOptions, 'webhookProcesses' | 'workerConcurrency' | 'failedProbesBeforeNotReady'> & { workers: number };
	/** Another bed's sandbox process, shared (this bed neither configures nor stops it). */
	sandbox?: SandboxProcess;
}

function modeOf(options: BenchBedOptions): string {
	const queue = options.queueMode;
	return queue ? `queue mode, ${queue.workers} worker${queue.workers === 1 ? '' : 's'}` : 'one process';
}

async function configureSandbox(sandbox: SandboxProcess): Promise<void> {
	await sandbox.client.patchConfig({
		maxRecords: 30_000,
		avaya: {
			tenants: [
				{ autoReply: false },
				{ ...RAW_TENANT, autoReply: false },
				{ ...BUILDER_TENANT, autoReply: false },
			],
		},
	});
}

export async function startBenchBed(options: BenchBedOptions = {}): Promise<BenchBed> {
	const mode = modeOf(options);
	const runDir = path.join(E2E_DIR, 'bench', `${new Date().toISOString().replace(/[:.]/g, '-')}${options.queueMode ? `-queue-${options.queueMode.workers}w` : ''}`);
	fs.mkdirSync(runDir, { recursive: true });
	const hasGenesys = packageNodes().some((node) => node.includes('GenesysMulticloudTrigger'));
	const ownsSandbox = !options.sandbox;
	const sandbox = options.sandbox ?? (await startSandboxProcess(path.join(runDir, 'sandbox.log')));
	let ready = false;
	try {
		if (ownsSandbox) await configureSandbox(sandbox);
		const userFolder = path.join(runDir, 'n8n');
		await installPackageInto(userFolder);
		const values = {
			SANDBOX_URL: sandbox.url,
			BATCH_CONCURRENCY: String(BATCH_CONCURRENCY),
			BUILDER_CLIENT_ID: BUILDER_TENANT.clientId,
			BUILDER_CLIENT_SECRET: BUILDER_TENANT.clientSecret,
			CONNECTOR_ID: DEFAULT_AVAYA_TENANT.connectorId,
			GENESYS_CHANNEL_ID: DEFAULT_GENESYS_TENANT.channelId,
			GENESYS_CCID: DEFAULT_GENESYS_TENANT.ccid,
			GENESYS_APP_SECRET: DEFAULT_GENESYS_TENANT.appSecret,
			ALVARIA_USER_ID: DEFAULT_ALVARIA_ORG.userIds[0],
			ALVARIA_INTERACTION_ID: DEFAULT_ALVARIA_ORG.seedInteractionIds[0],
			ALVARIA_SESSION_ID: DEFAULT_ALVARIA_ORG.seedSessionId,
			ALVARIA_ENTITY_NAME: ALVARIA_ENTITY.name,
			ALVARIA_ENTITY_TYPE: ALVARIA_ENTITY.type,
			CCAI_OUTBOUND_NUMBER: DEFAULT_CCAI_TENANT.outboundNumbers[0],
		};
		const workflows = loadWorkflows(BENCH_WORKFLOWS_DIR, values).filter((workflow) => hasGenesys || !workflow.id.includes('Genesys'));
		const started = Date.now();
		// The Genesys builder's workflow signs with HMAC-SHA1 in a Code node (n8n's Crypto node has no SHA1): it needs node's crypto.
		const env = { SANDBOX_URL: sandbox.url, NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', ...options.env };
		const n8nOptions: StartN8nOptions = { userFolder, credentials: credentials(sandbox.url, hasGenesys), workflows, env };
		const n8n = options.queueMode ? await startQueueModeN8n({ ...n8nOptions, ...options.queueMode, onProgress: log }) : await startN8n(n8nOptions);
		log(`n8n (${mode}) started with ${workflows.length} workflows in ${Date.now() - started} ms (log ${n8n.logFile}); sandbox ${sandbox.url}`);
		ready = true;
		return {
			mode,
			sandbox,
			n8n,
			runDir,
			hasGenesys,
			async stop() {
				await n8n.stop();
				if (ownsSandbox) await sandbox.stop();
			},
		};
	} finally {
		if (!ready && ownsSandbox) await sandbox.stop();
	}
}



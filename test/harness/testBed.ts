import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { DEFAULT_LLM_API_KEY } from '../../sandbox/vendors/llmConfig';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { BRIDGE_WORKFLOW_ID, loadBridgeTemplate, wireSandboxToBridge } from './bridgeTemplate';
import { AVAYA_CREDENTIAL_REF, avayaBaseUrl, E2E_GENESYS_API_KEY, sandboxCredentials } from './credentialFixtures';
import { writeContextFile } from './e2eContextFile';
import { assertImportable, credentialSecrets, loadCredentials, loadWorkflows } from './fixtures';
import { installPackageInto } from './installPackage';
import { ensureN8nInstalled } from './n8nHost';
import type { TestBedMode } from './e2eContextFile';
import { startN8n, stopLeftoverN8n, type N8nInstance, type StartN8nOptions } from './n8nInstance';
import { isQueueMode, startQueueModeN8n, type QueueModeN8n } from './n8nQueueMode';
import { E2E_CREDENTIALS_DIR, E2E_DIR, E2E_WORKFLOWS_DIR, TEMPLATES_DIR } from './paths';
import { freePort } from './ports';
import { wireSandboxToWebexTemplate } from './webexTemplate';

export interface TestBed {
	sandbox: Sandbox;
	n8n: N8nInstance | QueueModeN8n;
	runDir: string;
}

/** `N8N_TEST_MODE=queue`: the e2e suite against n8n's queue mode (see n8nQueueMode.ts). */
export function selectedTestBedMode(env: NodeJS.ProcessEnv = process.env): TestBedMode {
	const mode = env.N8N_TEST_MODE || 'single';
	if (mode !== 'single' && mode !== 'queue') throw new Error(`N8N_TEST_MODE must be single or queue, not ${mode}`);
	return mode;
}

const RUNS_DIR = path.join(E2E_DIR, 'runs');

function log(line: string): void {
	process.stderr.write(`[e2e] ${line}\n`);
}

/** Earlier runs' folders are kept for inspection until the next run; stop anything left in them. */
async function removeEarlierRuns(): Promise<void> {
	if (!fs.existsSync(RUNS_DIR)) return;
	for (const entry of fs.readdirSync(RUNS_DIR)) {
		const runDir = path.join(RUNS_DIR, entry);
		await stopLeftoverN8n(path.join(runDir, 'n8n'));
		fs.rmSync(runDir, { recursive: true, force: true });
	}
}

/**
 * Starts the end-to-end test bed: the sandbox (in this process), then a real n8n on a fresh user
 * folder with the packed package installed, the sandbox credentials, and every workflow in
 * test/e2e/workflows and templates/ imported and active. Writes the context file for the tests.
 */
export async function startTestBed(mode: TestBedMode = selectedTestBedMode()): Promise<TestBed> {
	const started = Date.now();
	await ensureN8nInstalled();
	await removeEarlierRuns();
	const runDir = path.join(RUNS_DIR, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
	const userFolder = path.join(runDir, 'n8n');

	// The Genesys tenant gets an API key, so x-api-key is sent, checked and covered by the secret scan.
	const sandbox = await startSandbox({ port: 0, config: { genesys: { tenants: [{ apiKey: E2E_GENESYS_API_KEY }] } } });
	try {
		let lap = Date.now();
		await installPackageInto(userFolder);
		log(`package packed and installed in ${Date.now() - lap} ms`);
		// A loopback port found free and never listened on: connections to it are refused.
		const closedPort = await freePort();
		const values = { SANDBOX_URL: sandbox.url, CLOSED_PORT: String(closedPort), LLM_API_KEY: DEFAULT_LLM_API_KEY };
		const workflows = [...loadWorkflows(E2E_WORKFLOWS_DIR, values), ...loadWorkflows(TEMPLATES_DIR, values)];
		assertImportable(workflows);
		const baseCredentials = sandboxCredentials(sandbox.url, { genesysApiKey: E2E_GENESYS_API_KEY });
		const credentials = [...baseCredentials, ...loadCredentials(E2E_CREDENTIALS_DIR, values, baseCredentials)];
		lap = Date.now();
		const options: StartN8nOptions = { userFolder, credentials, workflows, env: { SANDBOX_URL: sandbox.url }, onProgress: log };
		const n8n = mode === 'queue' ? await startQueueModeN8n(options) : await startN8n(options);
		log(`n8n (${mode === 'queue' ? 'queue mode' : 'one process'}) imported ${workflows.length} workflows and started in ${Date.now() - lap} ms (${n8n.baseUrl}, log ${n8n.logFile})`);
		let bridge;
		try {
			bridge = await wireSandboxToBridge(sandbox, n8n, loadBridgeTemplate());
			await wireSandboxToWebexTemplate(sandbox, n8n);
		} catch (error) {
			await n8n.stop();
			throw error;
		}
		writeContextFile(path.join(runDir, 'context.json'), {
			mode,
			n8nUrl: n8n.baseUrl,
			sandboxUrl: sandbox.url,
			userFolder,
			n8nLogFile: n8n.logFile,
			n8nLogFiles: isQueueMode(n8n) ? n8n.logFiles() : [n8n.logFile],
			webhookProcessUrls: isQueueMode(n8n) ? n8n.webhooks.map((process) => `http://127.0.0.1:${process.port}`) : [],
			avaya: {
				credential: { ...AVAYA_CREDENTIAL_REF },
				baseUrl: avayaBaseUrl(sandbox.url),
				clientId: DEFAULT_AVAYA_TENANT.clientId,
				connectorId: DEFAULT_AVAYA_TENANT.connectorId,
				accountId: DEFAULT_AVAYA_TENANT.accountId,
				webhookSecret: DEFAULT_AVAYA_TENANT.webhookSecret,
				registeredNumber: DEFAULT_AVAYA_TENANT.registeredNumbers[0],
			},
			secrets: credentialSecrets(credentials),
			closedPort,
			bridge: { workflowId: BRIDGE_WORKFLOW_ID, ...bridge },
		});
		log(`test bed ready in ${Date.now() - started} ms`);
		return { sandbox, n8n, runDir };
	} catch (error) {
		await sandbox.close();
		throw error;
	}
}

export async function stopTestBed(bed: TestBed): Promise<void> {
	await bed.n8n.stop();
	await bed.sandbox.close();
}

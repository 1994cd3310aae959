/**
 * A test bed of its own for the crash suite (it kills processes): the sandbox in this process, a
 * real n8n in one process or in queue mode with the crash workflows (test/crash/workflows), and a
 * balancer in front as an operator would have (see webhookBalancer.ts): it answers 503 while n8n is
 * down, has not registered its webhooks yet (one process) or cannot read its cache (queue mode, Redis
 * restarting), which Avaya retries, where n8n alone would refuse the connection or answer 404.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { SandboxClient } from '../../sandbox/client';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { sandboxCredentials } from './credentialFixtures';
import type { TestBedMode } from './e2eContextFile';
import { textsInExecutions } from './executions';
import { loadWorkflows } from './fixtures';
import { installPackageInto } from './installPackage';
import { startN8n, stopLeftoverN8n, type N8nInstance } from './n8nInstance';
import { isQueueMode, startQueueModeN8n, type QueueModeN8n } from './n8nQueueMode';
import { E2E_DIR, REPO_ROOT } from './paths';
import { startWebhookBalancer, type WebhookBalancer } from './webhookBalancer';

export const CRASH_WORKFLOWS_DIR = path.join(REPO_ROOT, 'test', 'crash', 'workflows');
const CRASH_RUNS_DIR = path.join(E2E_DIR, 'crash');

export interface CrashBed {
	mode: TestBedMode;
	sandbox: Sandbox;
	client: SandboxClient;
	n8n: N8nInstance | QueueModeN8n;
	/** The balancer in front (queue mode: the test bed's own). */
	balancer: WebhookBalancer;
	triggerUrl(webhookId: string): string;
	/** Which of the event texts appear in an execution n8n recorded. */
	recordedByN8n(texts: string[]): Promise<Set<string>>;
	runDir: string;
	stop(): Promise<void>;
}

function log(line: string): void {
	process.stderr.write(`[crash] ${line}\n`);
}

export async function startCrashBed(mode: TestBedMode): Promise<CrashBed> {
	const runDir = path.join(CRASH_RUNS_DIR, mode);
	await stopLeftoverN8n(path.join(runDir, 'n8n'));
	fs.rmSync(runDir, { recursive: true, force: true });
	const userFolder = path.join(runDir, 'n8n');
	const sandbox = await startSandbox({ port: 0 });
	try {
		await installPackageInto(userFolder);
		const options = {
			userFolder,
			credentials: sandboxCredentials(sandbox.url),
			workflows: loadWorkflows(CRASH_WORKFLOWS_DIR, { SANDBOX_URL: sandbox.url }),
			env: { SANDBOX_URL: sandbox.url },
			onProgress: log,
			webhookNotFoundAs503: true,
		};
		const n8n = mode === 'queue' ? await startQueueModeN8n(options) : await startN8n(options);
		const balancer = isQueueMode(n8n)
			? n8n.balancer
			: await startWebhookBalancer({ mainPort: n8n.port, webhookPorts: [n8n.port], webhookNotFoundAs503: options.webhookNotFoundAs503 });
		const client = new SandboxClient(sandbox.url);
		const bed: CrashBed = {
			mode,
			sandbox,
			client,
			n8n,
			balancer,
			triggerUrl: (webhookId) => `${balancer.url}/webhook/${webhookId}/webhook`,
			recordedByN8n: (texts) => textsInExecutions(userFolder, texts),
			runDir,
			stop: async () => {
				if (!isQueueMode(n8n)) await balancer.close();
				await n8n.stop();
				await sandbox.close();
			},
		};
		// Avaya delivers events only to a webhook that passed its health check.
		for (const webhookId of ['crash-on-acceptance', 'crash-when-finished']) {
			const validated = await client.avayaValidate({ webhookUrl: bed.triggerUrl(webhookId) });
			if (!validated.delivered) throw new Error(`Avaya's health check of ${webhookId} failed: ${JSON.stringify(validated.attempts)}`);
		}
		return bed;
	} catch (error) {
		await sandbox.close();
		throw error;
	}
}

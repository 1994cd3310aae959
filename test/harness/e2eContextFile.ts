import * as fs from 'node:fs';

export type TestBedMode = 'single' | 'queue';

/** Where globalSetup tells the test files (other processes) about the running test bed. */
export const CONTEXT_ENV_VAR = 'CCSMS_E2E_CONTEXT';

/** What the test files need to reach the running n8n and sandbox. */
export interface E2EContextFile {
	/** `single`: one n8n process; `queue`: n8n's queue mode (main, webhook processes, a worker). */
	mode: TestBedMode;
	/** Where the tests reach n8n: the process itself, or in queue mode the balancer in front of it. */
	n8nUrl: string;
	sandboxUrl: string;
	userFolder: string;
	/** The main process's log. */
	n8nLogFile: string;
	/** Every n8n process's log (one in single-process mode). */
	n8nLogFiles: string[];
	/** Queue mode: each webhook process's own URL (bypassing the balancer). */
	webhookProcessUrls: string[];
	avaya: {
		credential: { id: string; name: string };
		baseUrl: string;
		clientId: string;
		connectorId: string;
		accountId: string;
		webhookSecret: string;
		registeredNumber: string;
	};
	/** Every non-empty secret-looking value of the credentials imported into n8n (for the secret scan). */
	secrets: string[];
	/** A loopback port nothing listens on (credentials in test/e2e/credentials use it as {{CLOSED_PORT}}). */
	closedPort: number;
	/** The example bridge (templates/avaya-sms-bridge.json), wired to the sandbox as in `npm start`. */
	bridge: { workflowId: string; avayaTriggerUrl: string; smsInboundUrl: string };
}

export function writeContextFile(file: string, context: E2EContextFile): void {
	fs.writeFileSync(file, JSON.stringify(context, null, 2));
	process.env[CONTEXT_ENV_VAR] = file;
}

export function readContextFile(): E2EContextFile {
	const file = process.env[CONTEXT_ENV_VAR];
	if (!file || !fs.existsSync(file)) {
		throw new Error(`${CONTEXT_ENV_VAR} is not set: run the e2e tests through jest (npm run test:e2e), whose globalSetup starts n8n`);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8')) as E2EContextFile;
}

/**
 * `npm start`: a real n8n with this package installed, wired to the local vendor sandbox, with the
 * SMS ⇄ Avaya bridge template active, ready to click through. Ctrl+C stops everything.
 * Environment: N8N_PORT (default 5678), SANDBOX_PORT (default 4100, or a free port if taken).
 */
import * as path from 'node:path';

import { SANDBOX_DEFAULT_PORT } from '../sandbox/config';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { DEFAULT_AVAYA_TENANT } from '../sandbox/vendors/avayaConfig';
import { BRIDGE_WORKFLOW_ID, loadBridgeTemplate, wireSandboxToBridge } from '../test/harness/bridgeTemplate';
import { sandboxCredentials } from '../test/harness/credentialFixtures';
import { wireSandboxToGenesysTemplate } from '../test/harness/genesysTemplate';
import { WEBEX_TEMPLATE_GENESYS_WEBHOOK_ID, wireSandboxToWebexTemplate } from '../test/harness/webexTemplate';
import { installPackageInto } from '../test/harness/installPackage';
import { ensureN8nInstalled } from '../test/harness/n8nHost';
import { startN8n, stopLeftoverN8n, type N8nInstance } from '../test/harness/n8nInstance';
import { RUN_DIR } from '../test/harness/paths';
import { isPortFree, preferredOrFreePort } from '../test/harness/ports';
import { DEMO_OWNER, ensureOwnerAccount } from './ownerAccount';
import { readRunState, removeRunState, writeRunState } from './runState';

const USER_FOLDER = path.join(RUN_DIR, 'n8n');

function step(line: string): void {
	console.log(`▸ ${line}`);
}

async function n8nPort(): Promise<number> {
	const requested = process.env.N8N_PORT;
	const port = requested ? Number(requested) : 5678;
	if (!Number.isInteger(port) || port <= 0) throw new Error(`N8N_PORT must be a port number, got ${requested}`);
	if (!(await isPortFree(port))) {
		throw new Error(`Port ${port} is in use (another n8n?). Stop it, or run with N8N_PORT=<free port> npm start`);
	}
	return port;
}

async function sandboxPort(): Promise<number> {
	const requested = process.env.SANDBOX_PORT;
	return requested ? Number(requested) : preferredOrFreePort(SANDBOX_DEFAULT_PORT);
}

async function main(): Promise<void> {
	const startedAt = Date.now();
	if (readRunState()) throw new Error('npm start is already running (see .run/state.json). Stop it first with Ctrl+C.');
	await ensureN8nInstalled();
	const port = await n8nPort();

	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const stop = async (reason: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${reason}: stopping n8n and the sandbox...`);
		removeRunState();
		// Before startN8n returns, the n8n it started is known only by its pid file.
		await (n8n ? n8n.stop() : stopLeftoverN8n(USER_FOLDER));
		await sandbox?.close();
		console.log('Stopped.');
		process.exit(0);
	};
	process.once('SIGINT', () => void stop('Ctrl+C'));
	process.once('SIGTERM', () => void stop('SIGTERM'));

	try {
		sandbox = await startSandbox({ port: await sandboxPort() });
		step(`vendor sandbox (Avaya Infinity, Genesys Multicloud CX, Alvaria, Google CCAI Platform, Webex Connect and an SMS provider) on ${sandbox.url}`);

		await stopLeftoverN8n(USER_FOLDER);
		await installPackageInto(USER_FOLDER);
		step(`package packed and installed into ${path.relative(process.cwd(), USER_FOLDER)}/.n8n/nodes (as n8n's installer does)`);

		const bridge = loadBridgeTemplate();
		step('starting n8n (imports the sandbox credential and templates/, activates them)...');
		n8n = await startN8n({
			userFolder: USER_FOLDER,
			port,
			credentials: sandboxCredentials(sandbox.url),
			workflows: bridge.workflows,
			env: { SANDBOX_URL: sandbox.url },
			onProgress: (line) => step(line),
		});

		const owner = await ensureOwnerAccount(n8n.baseUrl);
		const { avayaTriggerUrl, smsInboundUrl } = await wireSandboxToBridge(sandbox, n8n, bridge);
		step(`sandbox wired to the bridge; Avaya's Validate URL (signed health_check) answered 200`);
		const genesysTriggerUrl = wireSandboxToGenesysTemplate(sandbox, n8n);
		step(`Genesys channel webhook → ${genesysTriggerUrl} (templates/genesys-sms-receipts.json)`);
		const webexTriggerUrl = await wireSandboxToWebexTemplate(sandbox, n8n);
		step(`Webex Connect notify URL → ${webexTriggerUrl} (HEAD probe answered 200; templates/genesys-webex-receipts.json)`);

		writeRunState({
			pid: process.pid,
			n8nUrl: n8n.baseUrl,
			sandboxUrl: sandbox.url,
			smsInboundUrl,
			avayaTriggerUrl,
			businessNumber: DEFAULT_AVAYA_TENANT.registeredNumbers[0],
			workflowId: BRIDGE_WORKFLOW_ID,
			userFolder: USER_FOLDER,
		});

		const login =
			owner === 'exists-other-password'
				? `${DEMO_OWNER.email} (the password was changed in n8n; use yours)`
				: `${DEMO_OWNER.email} / ${DEMO_OWNER.password}`;
		console.log(`
Ready in ${Math.round((Date.now() - startedAt) / 1000)} s.

  n8n editor   ${n8n.baseUrl}/workflow/${BRIDGE_WORKFLOW_ID}
  login        ${login}
  workflow     "SMS ⇄ Avaya Infinity bridge (example)" (active)
  SMS in       ${smsInboundUrl}
  Avaya hook   ${avayaTriggerUrl}
  Genesys hook ${genesysTriggerUrl}   (workflow "Genesys agent messages → SMS, with delivery receipts")
               try: curl -X POST ${sandbox.url}/_admin/genesys/events -H 'content-type: application/json' -d '{"to":"16504661149","text":"Hello from an agent"}'
  Webex hook   ${webexTriggerUrl}   (workflow "Genesys Multicloud CX ⇄ SMS over Webex Connect"; its Genesys trigger is
               ${n8n.webhookUrl(WEBEX_TEMPLATE_GENESYS_WEBHOOK_ID)}: point the sandbox's Genesys webhook there to use it)
  sandbox      ${sandbox.url}/_admin/health   (n8n log: ${path.relative(process.cwd(), n8n.logFile)})

Play an end-user conversation through it (in another terminal):

  npm run play            or: npm run play -- "My card was charged twice"

Ctrl+C stops n8n and the sandbox. The n8n data stays in .run/n8n; templates/ and the sandbox
credential are re-imported at every start (duplicate the workflow to keep your own edits).`);
	} catch (error) {
		console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
		removeRunState();
		await (n8n ? n8n.stop() : stopLeftoverN8n(USER_FOLDER));
		await sandbox?.close();
		process.exit(1);
	}
}

main().catch((error: unknown) => {
	console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});

/**
 * `npm start`: a real n8n with this package installed, wired to the local vendor sandbox, with the
 * SMS ⇄ Avaya and SMS ⇄ Genesys bridge templates active, ready to click through and to play from the
 * sandbox console. Ctrl+C stops everything.
 * Environment: N8N_PORT (default 5678), SANDBOX_PORT (default 4100, or a free port if taken).
 */
import * as path from 'node:path';

import { SANDBOX_DEFAULT_PORT } from '../sandbox/config';
import { DEFAULT_AVAYA_TENANT } from '../sandbox/vendors/avayaConfig';
import { GENESYS_SMS_NUMBER } from '../sandbox/vendors/smsConfig';
import { BRIDGE_WORKFLOW_ID } from '../test/harness/bridgeTemplate';
import { ensureN8nInstalled } from '../test/harness/n8nHost';
import { stopLeftoverN8n } from '../test/harness/n8nInstance';
import { RUN_DIR } from '../test/harness/paths';
import { isPortFree, preferredOrFreePort } from '../test/harness/ports';
import { startDemo, type Demo } from './demo';
import { DEMO_OWNER } from './ownerAccount';
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

	let demo: Demo | undefined;
	let stopping = false;
	const stop = async (reason: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${reason}: stopping n8n and the sandbox...`);
		removeRunState();
		// Before startDemo returns, the n8n it started is known only by its pid file.
		await (demo ? demo.stop() : stopLeftoverN8n(USER_FOLDER));
		console.log('Stopped.');
		process.exit(0);
	};
	process.once('SIGINT', () => void stop('Ctrl+C'));
	process.once('SIGTERM', () => void stop('SIGTERM'));

	try {
		demo = await startDemo({ userFolder: USER_FOLDER, n8nPort: port, sandboxPort: await sandboxPort(), onStep: step });
	} catch (error) {
		console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
		removeRunState();
		process.exit(1);
	}
	const { sandbox, n8n, owner, bridge, genesys, webexTriggerUrl } = demo;
	writeRunState({
		pid: process.pid,
		n8nUrl: n8n.baseUrl,
		sandboxUrl: sandbox.url,
		smsInboundUrl: bridge.smsInboundUrl,
		avayaTriggerUrl: bridge.avayaTriggerUrl,
		businessNumber: DEFAULT_AVAYA_TENANT.registeredNumbers[0],
		workflowId: BRIDGE_WORKFLOW_ID,
		userFolder: USER_FOLDER,
	});

	const login =
		owner === 'exists-other-password' ? `${DEMO_OWNER.email} (the password was changed in n8n; use yours)` : `${DEMO_OWNER.email} / ${DEMO_OWNER.password}`;
	console.log(`
Ready in ${Math.round((Date.now() - startedAt) / 1000)} s.

  n8n editor   ${n8n.baseUrl}/workflow/${BRIDGE_WORKFLOW_ID}
  console      ${sandbox.consoleUrl}   (every vendor's conversations: type as the end user or as the agent)
  login        ${login}
  workflows    "SMS ⇄ Avaya Infinity bridge (example)" and "SMS ⇄ Genesys Multicloud CX bridge, with delivery receipts (example)" (active)
  Avaya        SMS to ${DEFAULT_AVAYA_TENANT.registeredNumbers[0]} → ${bridge.smsInboundUrl}; Avaya events → ${bridge.avayaTriggerUrl}
  Genesys      SMS to ${GENESYS_SMS_NUMBER} → ${genesys.smsInboundUrl}; agent messages → ${genesys.triggerUrl}
  Webex        delivery notifications → ${webexTriggerUrl} ("Genesys Multicloud CX ⇄ SMS over Webex Connect")
  Alvaria      POST ${n8n.baseUrl}/webhook/alvaria-agent-assist {userId, interactionId, sessionId, text, url} (see npm run sandbox for ids)
  CCAI         POST ${n8n.baseUrl}/webhook/ccai-outbound-campaign {customers: [{name, phone}], outboundNumber, message}
  sandbox      ${sandbox.url}/_admin/health   (n8n log: ${path.relative(process.cwd(), n8n.logFile)})

Open the console to play a conversation, or in another terminal:

  npm run play            or: npm run play -- "My card was charged twice"

Ctrl+C stops n8n and the sandbox. The n8n data stays in .run/n8n; templates/ and the sandbox
credential are re-imported at every start (duplicate the workflow to keep your own edits).`);
}

main().catch((error: unknown) => {
	console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});

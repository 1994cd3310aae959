import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox/server';
import { loadBridgeTemplate, wireSandboxToBridge, type BridgeUrls } from '../test/harness/bridgeTemplate';
import { sandboxCredentials } from '../test/harness/credentialFixtures';
import { wireSandboxToGenesysTemplate, type GenesysTemplateUrls } from '../test/harness/genesysTemplate';
import { wireSandboxToWebexTemplate } from '../test/harness/webexTemplate';
import { installPackageInto } from '../test/harness/installPackage';
import { startN8n, stopLeftoverN8n, type N8nInstance } from '../test/harness/n8nInstance';
import { ensureOwnerAccount, type OwnerStatus } from './ownerAccount';

export interface DemoOptions {
	/** n8n's user folder (its database, the installed package, its log). */
	userFolder: string;
	n8nPort: number;
	sandboxPort: number;
	onStep: (line: string) => void;
}

/** A real n8n with this package and the templates active, wired to the vendor sandbox. */
export interface Demo {
	sandbox: Sandbox;
	n8n: N8nInstance;
	owner: OwnerStatus;
	bridge: BridgeUrls;
	genesys: GenesysTemplateUrls;
	/** The Genesys ⇄ Webex Connect example's Webex trigger, registered as the sandbox service's notify URL. */
	webexTriggerUrl: string;
	stop(): Promise<void>;
}

/**
 * What `npm start` runs (and the console screenshot script): the sandbox, the package installed as
 * n8n's community installer does, n8n with the sandbox credentials and templates/ imported and
 * active, and the sandbox pointed at the templates' webhooks. Stops what it started if a step fails.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
	const step = options.onStep;
	const sandbox = await startSandbox({ port: options.sandboxPort });
	step(`vendor sandbox (Avaya Infinity, Genesys Multicloud CX, Alvaria, Google CCAI Platform, Webex Connect and an SMS provider) on ${sandbox.url}`);
	let n8n: N8nInstance | undefined;
	try {
		await stopLeftoverN8n(options.userFolder);
		await installPackageInto(options.userFolder);
		step(`package packed and installed into ${path.relative(process.cwd(), options.userFolder)}/.n8n/nodes (as n8n's installer does)`);

		const bridge = loadBridgeTemplate();
		step('starting n8n (imports the sandbox credential and templates/, activates them)...');
		n8n = await startN8n({
			userFolder: options.userFolder,
			port: options.n8nPort,
			credentials: sandboxCredentials(sandbox.url),
			workflows: bridge.workflows,
			env: { SANDBOX_URL: sandbox.url },
			onProgress: step,
		});
		const owner = await ensureOwnerAccount(n8n.baseUrl);
		const bridgeUrls = await wireSandboxToBridge(sandbox, n8n, bridge);
		step(`sandbox wired to the Avaya bridge; Avaya's Validate URL (signed health_check) answered 200`);
		const genesys = wireSandboxToGenesysTemplate(sandbox, n8n);
		step(`sandbox wired to the Genesys bridge: channel webhook → ${genesys.triggerUrl}`);
		const webexTriggerUrl = await wireSandboxToWebexTemplate(sandbox, n8n);
		step(`Webex Connect notify URL → ${webexTriggerUrl} (its HEAD probe answered 200)`);
		const started = n8n;
		return {
			sandbox,
			n8n: started,
			owner,
			bridge: bridgeUrls,
			genesys,
			webexTriggerUrl,
			async stop() {
				await started.stop();
				await sandbox.close();
			},
		};
	} catch (error) {
		await (n8n ? n8n.stop() : stopLeftoverN8n(options.userFolder));
		await sandbox.close();
		throw error;
	}
}

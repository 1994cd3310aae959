import { SandboxClient } from '../../sandbox/client';
import type { Sandbox } from '../../sandbox/server';
import { loadWorkflows, type WorkflowFixture } from './fixtures';
import type { N8nInstance } from './n8nInstance';
import { TEMPLATES_DIR } from './paths';

export const BRIDGE_WORKFLOW_ID = 'avayaSmsBridge01';
const TRIGGER_TYPE = 'n8n-nodes-contact-center-sms.avayaInfinityTrigger';
const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';

export interface BridgeTemplate {
	workflows: WorkflowFixture[];
	/** webhookId of the Avaya Infinity Trigger (its URL is /webhook/<id>/webhook). */
	triggerWebhookId: string;
	/** Path of the n8n Webhook node that receives inbound SMS (its URL is /webhook/<path>). */
	smsInboundPath: string;
}

/** Every template workflow, and where the SMS ⇄ Avaya bridge listens. */
export function loadBridgeTemplate(): BridgeTemplate {
	const workflows = loadWorkflows(TEMPLATES_DIR);
	const bridge = workflows.find((workflow) => workflow.id === BRIDGE_WORKFLOW_ID);
	if (!bridge) throw new Error(`templates/ has no workflow with id ${BRIDGE_WORKFLOW_ID}`);
	const trigger = bridge.nodes.find((node) => node.type === TRIGGER_TYPE);
	const webhook = bridge.nodes.find((node) => node.type === WEBHOOK_TYPE);
	if (!trigger?.webhookId || typeof webhook?.parameters.path !== 'string') {
		throw new Error(`The bridge template lacks its Avaya trigger (with a webhookId) or its SMS webhook (with a path)`);
	}
	return { workflows, triggerWebhookId: trigger.webhookId, smsInboundPath: webhook.parameters.path };
}

export interface BridgeUrls {
	avayaTriggerUrl: string;
	smsInboundUrl: string;
}

/**
 * Points the sandbox at the running bridge, as an admin would: the SMS provider's inbound webhook
 * at the Webhook node, the Avaya connector's Webhook Callback URL at the trigger, then Avaya's
 * "Validate URL" (a signed health_check, which must get 200).
 */
export async function wireSandboxToBridge(sandbox: Sandbox, n8n: N8nInstance, bridge: BridgeTemplate): Promise<BridgeUrls> {
	const urls = { avayaTriggerUrl: n8n.webhookUrl(bridge.triggerWebhookId), smsInboundUrl: n8n.productionUrl(bridge.smsInboundPath) };
	sandbox.setConfig({ sms: { inboundWebhookUrl: urls.smsInboundUrl } });
	const check = await new SandboxClient(sandbox.url).avayaValidate({ webhookUrl: urls.avayaTriggerUrl });
	if (!check.delivered) {
		throw new Error(`Avaya's Validate URL failed for ${urls.avayaTriggerUrl}: ${JSON.stringify(check.attempts)} (n8n log: ${n8n.logFile})`);
	}
	return urls;
}

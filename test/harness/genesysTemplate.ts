import type { Sandbox } from '../../sandbox/server';
import type { N8nInstance } from './n8nInstance';

/** The Genesys example (templates/genesys-sms-receipts.json) and its trigger's fixed webhookId. */
export const GENESYS_TEMPLATE_WORKFLOW_ID = 'genesysSmsReceipts1';
export const GENESYS_TEMPLATE_TRIGGER_WEBHOOK_ID = '6b2e1d3f-7c1e-4d2f-8b21-0000000000a1';

/** Points the sandbox's Genesys channel webhook at the template's trigger, as a Genesys representative would. */
export function wireSandboxToGenesysTemplate(sandbox: Sandbox, n8n: N8nInstance): string {
	const url = n8n.webhookUrl(GENESYS_TEMPLATE_TRIGGER_WEBHOOK_ID);
	sandbox.setConfig({ genesys: { tenants: [{ webhookUrl: url }] } });
	return url;
}

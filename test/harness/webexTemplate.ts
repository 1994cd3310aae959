import type { Sandbox } from '../../sandbox/server';
import type { N8nInstance } from './n8nInstance';

/** The Genesys ⇄ Webex Connect example (templates/genesys-webex-receipts.json) and its triggers' fixed webhookIds. */
export const WEBEX_TEMPLATE_WORKFLOW_ID = 'genesysWebexSms1';
export const WEBEX_TEMPLATE_GENESYS_WEBHOOK_ID = '9d3c1e5f-2b3c-4d4e-9f0a-0000000000a1';
export const WEBEX_TEMPLATE_TRIGGER_WEBHOOK_ID = '9d3c1e5f-2b3c-4d4e-9f0a-0000000000a2';

/**
 * Registers the template's Webex Connect Trigger as the sandbox service's notify URL, the way the
 * Webex Connect UI does: it saves the URL only after a HEAD answered 200.
 */
export async function wireSandboxToWebexTemplate(sandbox: Sandbox, n8n: N8nInstance): Promise<string> {
	const url = n8n.webhookUrl(WEBEX_TEMPLATE_TRIGGER_WEBHOOK_ID);
	const response = await fetch(`${sandbox.url}/_admin/webex/notify-url`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ url }),
	});
	const probe = (await response.json()) as { registered?: boolean; status?: number | null };
	if (!response.ok || !probe.registered) throw new Error(`Webex Connect's HEAD probe of ${url} was refused: ${`HTTP ${String(probe.status)}`}`);
	return url;
}

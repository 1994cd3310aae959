import type { ConfigPatch, SandboxConfig } from '../../sandbox/config';
import { GENESYS_SMS_NUMBER } from '../../sandbox/vendors/smsConfig';
import type { Sandbox } from '../../sandbox/server';

/** The Genesys example (templates/genesys-sms-receipts.json): its trigger's fixed webhookId and its SMS webhook's path. */
export const GENESYS_TEMPLATE_WORKFLOW_ID = 'genesysSmsReceipts1';
export const GENESYS_TEMPLATE_TRIGGER_WEBHOOK_ID = '6b2e1d3f-7c1e-4d2f-8b21-0000000000a1';
export const GENESYS_TEMPLATE_SMS_PATH = 'genesys-sms-inbound';

export interface GenesysTemplateUrls {
	/** The Genesys Multicloud CX Trigger: where the channel's agent messages go. */
	triggerUrl: string;
	/** The template's SMS in webhook: where the SMS provider posts SMS to the Genesys number. */
	smsInboundUrl: string;
}

/** Where a running n8n serves the template's webhooks (an N8nInstance, or the e2e context's URL helpers). */
export function genesysTemplateUrls(n8n: { webhookUrl(webhookId: string): string; productionUrl(path: string): string }): GenesysTemplateUrls {
	return { triggerUrl: n8n.webhookUrl(GENESYS_TEMPLATE_TRIGGER_WEBHOOK_ID), smsInboundUrl: n8n.productionUrl(GENESYS_TEMPLATE_SMS_PATH) };
}

/**
 * The sandbox config that wires the template, as a Genesys representative and an SMS provider's
 * number settings would: the channel's webhook at the trigger, SMS to the Genesys number at the SMS
 * in webhook. Everything else of `current` (the channel's API key, other numbers) is kept.
 */
export function genesysTemplateWiring(current: SandboxConfig, urls: GenesysTemplateUrls): ConfigPatch {
	return {
		genesys: { tenants: current.genesys.tenants.map((tenant, index) => (index === 0 ? { ...tenant, webhookUrl: urls.triggerUrl } : tenant)) },
		sms: {
			numbers: [
				...current.sms.numbers.filter((number) => number.number !== GENESYS_SMS_NUMBER),
				{ number: GENESYS_SMS_NUMBER, vendor: 'genesys', webhookUrl: urls.smsInboundUrl },
			],
		},
	};
}

export function wireSandboxToGenesysTemplate(sandbox: Sandbox, n8n: { webhookUrl(webhookId: string): string; productionUrl(path: string): string }): GenesysTemplateUrls {
	const urls = genesysTemplateUrls(n8n);
	sandbox.setConfig(genesysTemplateWiring(sandbox.config, urls));
	return urls;
}

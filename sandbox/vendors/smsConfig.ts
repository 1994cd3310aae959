import type { ConfigSection } from '../configTools';
import { DEFAULT_DELIVERY, policyProblem, type DeliveryPolicy } from '../deliveryPolicy';

export interface SmsProviderConfig {
	/** Where inbound SMS (end user → business) are POSTed, e.g. n8n's Webhook node. */
	inboundWebhookUrl: string;
	delivery: DeliveryPolicy;
}

export const SMS_CONFIG: ConfigSection<SmsProviderConfig> = {
	defaults: () => ({ inboundWebhookUrl: '', delivery: { ...DEFAULT_DELIVERY } }),
	complete: (merged) => merged,
	problem: (config) => policyProblem('sms.delivery', config.delivery),
};

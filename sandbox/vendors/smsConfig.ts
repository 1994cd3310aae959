import { isPlainObject } from '../http';
import type { ConfigSection } from '../configTools';
import { DEFAULT_DELIVERY, policyProblem, type DeliveryPolicy } from '../deliveryPolicy';

/** A business number rented from the SMS provider, with its own inbound webhook (as SMS providers configure it per number). */
export interface SmsNumber {
	/** E.164. */
	number: string;
	/** Where inbound SMS to this number are POSTed; empty means they are recorded as skipped. */
	webhookUrl: string;
	/** The contact center end users reach at this number (the vendor mount's name; the console's tab). */
	vendor?: string;
}

export interface SmsProviderConfig {
	/** Where inbound SMS (end user → business) to a number not in `numbers` are POSTed, e.g. n8n's Webhook node. */
	inboundWebhookUrl: string;
	numbers: SmsNumber[];
	delivery: DeliveryPolicy;
}

/** The business number of the Genesys example workflow (templates/genesys-sms-receipts.json). */
export const GENESYS_SMS_NUMBER = '+16505550100';

export const SMS_CONFIG: ConfigSection<SmsProviderConfig> = {
	defaults: () => ({ inboundWebhookUrl: '', numbers: [{ number: GENESYS_SMS_NUMBER, webhookUrl: '', vendor: 'genesys' }], delivery: { ...DEFAULT_DELIVERY } }),
	complete: (merged) => merged,
	problem: (config) => {
		if (!Array.isArray(config.numbers)) return 'sms.numbers must be an array';
		for (const entry of config.numbers) {
			if (!isPlainObject(entry) || typeof entry.number !== 'string' || typeof entry.webhookUrl !== 'string') {
				return 'sms.numbers entries must be {number, webhookUrl, vendor?}';
			}
		}
		return policyProblem('sms.delivery', config.delivery);
	},
};

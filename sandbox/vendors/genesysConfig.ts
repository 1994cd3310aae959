import { WEBHOOK_DEADLINE_MS } from '../../nodes/GenesysMulticloud/contract';
import { completeList, nonNegative, type ConfigSection } from '../configTools';
import { policyProblem, type DeliveryPolicy } from '../deliveryPolicy';

/** One Genesys Digital Channels third-party channel: its id, secret, contact center and webhook. */
export interface GenesysTenant {
	channelId: string;
	/** Signs both directions (X-Hub-Signature, HMAC-SHA1). */
	appSecret: string;
	/** Expected in x-ccid. */
	ccid: string;
	/** Expected in x-api-key when non-empty; not checked when empty. */
	apiKey: string;
	/** The business addresses of the channel; the first is the "from" of agent messages. */
	businessIds: string[];
	/** Where agent messages go; empty means they are recorded as skipped. */
	webhookUrl: string;
	/** A simulated agent answers each accepted consumer message. */
	autoReply: boolean;
	autoReplyDelayMs: number;
}

export interface GenesysConfig {
	tenants: GenesysTenant[];
	/** Redelivery of agent messages: 5xx and no answer within timeoutMs (10 s, the documented deadline) are retried. */
	delivery: DeliveryPolicy;
}

export const DEFAULT_GENESYS_TENANT: Readonly<GenesysTenant> = Object.freeze({
	channelId: 'sandbox-sms-channel',
	appSecret: 'sandbox-genesys-app-secret-example',
	ccid: '0ff723ff-6c6f-44e0-9ce3-ce579337eadd',
	apiKey: '',
	businessIds: ['0123456789'],
	webhookUrl: '',
	autoReply: true,
	autoReplyDelayMs: 300,
});

function tenantProblem(tenant: GenesysTenant): string | undefined {
	if (!tenant.channelId) return 'genesys tenant: channelId is required';
	if (!Array.isArray(tenant.businessIds) || tenant.businessIds.length === 0) {
		return `genesys tenant ${tenant.channelId}: businessIds must be a non-empty array`;
	}
	if (!nonNegative(tenant.autoReplyDelayMs)) return `genesys tenant ${tenant.channelId}: autoReplyDelayMs must be ≥ 0`;
	return undefined;
}

export const GENESYS_CONFIG: ConfigSection<GenesysConfig> = {
	defaults: () => ({
		tenants: [structuredClone(DEFAULT_GENESYS_TENANT) as GenesysTenant],
		delivery: { maxAttempts: 4, baseDelayMs: 200, timeoutMs: WEBHOOK_DEADLINE_MS },
	}),
	complete: (merged, patch) => ({ ...merged, tenants: completeList(DEFAULT_GENESYS_TENANT, patch?.tenants, merged.tenants) }),
	problem(config) {
		for (const tenant of config.tenants) {
			const problem = tenantProblem(tenant);
			if (problem) return problem;
		}
		return policyProblem('genesys.delivery', config.delivery);
	},
};

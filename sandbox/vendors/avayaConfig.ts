import { SEND_PATHS, TOKEN_LIFETIME_S, type SendPathKey } from '../../nodes/AvayaInfinity/contract';
import { completeList, nonNegative, positiveInteger, type ConfigSection } from '../configTools';
import { DEFAULT_DELIVERY, policyProblem, type DeliveryPolicy } from '../deliveryPolicy';

/** Avaya's two webhook subscriptions: contact-center → end user only, or both directions. */
export type AvayaSubscription = 'contact-center' | 'all';

/** One Avaya Infinity connector (its client credentials, numbers and webhook). */
export interface AvayaTenant {
	clientId: string;
	clientSecret: string;
	connectorId: string;
	accountId: string;
	/** Business numbers registered to the connector; the first is the `from` of agent messages. */
	registeredNumbers: string[];
	webhookSecret: string;
	/** Where the connector's events go; empty means events are recorded as skipped. */
	webhookUrl: string;
	subscription: AvayaSubscription;
	tokenLifetimeSeconds: number;
	/** A simulated agent answers each accepted end-user message. */
	autoReply: boolean;
	autoReplyDelayMs: number;
}

export interface AvayaConfig {
	tenants: AvayaTenant[];
	/** Send paths the simulated tenant serves; the others answer 404. */
	sendPaths: SendPathKey[];
	delivery: DeliveryPolicy;
}

/**
 * The vendor document's own example connector: its ids, and its business number `+912121212121`
 * (the doc's end user is `+18777777777`).
 */
export const DEFAULT_AVAYA_TENANT: Readonly<AvayaTenant> = Object.freeze({
	clientId: 'sandbox-avaya-client',
	clientSecret: 'sandbox-avaya-client-secret-example',
	connectorId: 'a2a22a22-b66b-4444-a9a9-dd111d111d11',
	accountId: '001d0106666c6888cc999c111c',
	registeredNumbers: ['+912121212121'],
	webhookSecret: 'sandbox-avaya-webhook-secret-example',
	webhookUrl: '',
	subscription: 'contact-center',
	tokenLifetimeSeconds: TOKEN_LIFETIME_S,
	autoReply: true,
	autoReplyDelayMs: 300,
});

function tenantProblem(tenant: AvayaTenant): string | undefined {
	const name = `avaya tenant ${tenant.connectorId}`;
	if (tenant.subscription !== 'contact-center' && tenant.subscription !== 'all') return `${name}: subscription must be 'contact-center' or 'all'`;
	if (!positiveInteger(tenant.tokenLifetimeSeconds)) return `${name}: tokenLifetimeSeconds must be an integer ≥ 1`;
	if (!Array.isArray(tenant.registeredNumbers)) return `${name}: registeredNumbers must be an array`;
	if (!nonNegative(tenant.autoReplyDelayMs)) return `${name}: autoReplyDelayMs must be ≥ 0`;
	return undefined;
}

export const AVAYA_CONFIG: ConfigSection<AvayaConfig> = {
	defaults: () => ({
		tenants: [structuredClone(DEFAULT_AVAYA_TENANT) as AvayaTenant],
		sendPaths: Object.keys(SEND_PATHS) as SendPathKey[],
		delivery: { ...DEFAULT_DELIVERY },
	}),
	complete: (merged, patch) => ({ ...merged, tenants: completeList(DEFAULT_AVAYA_TENANT, patch?.tenants, merged.tenants) }),
	problem(config) {
		for (const key of config.sendPaths) {
			if (!(key in SEND_PATHS)) return `avaya.sendPaths: unknown path key ${String(key)}`;
		}
		for (const tenant of config.tenants) {
			const problem = tenantProblem(tenant);
			if (problem) return problem;
		}
		return policyProblem('avaya.delivery', config.delivery);
	},
};

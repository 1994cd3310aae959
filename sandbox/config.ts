import { SEND_PATHS, TOKEN_LIFETIME_S, type SendPathKey } from '../nodes/AvayaInfinity/contract';
import {
	DEFAULT_GENESYS_TENANT,
	defaultGenesysConfig,
	genesysConfigProblem,
	type GenesysConfig,
	type GenesysTenant,
} from './vendors/genesysConfig';

export const SANDBOX_DEFAULT_PORT = 4100;
export const SANDBOX_HOST = '127.0.0.1';

/** Avaya's two webhook subscriptions: contact-center → end user only, or both directions. */
export type AvayaSubscription = 'contact-center' | 'all';

/** One Avaya Infinity connector (its client credentials, numbers and webhook). */
export interface AvayaTenant {
	clientId: string;
	clientSecret: string;
	connectorId: string;
	accountId: string;
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

/** How the sandbox delivers events to a webhook. Retries use baseDelayMs * 2^(attempt-1). */
export interface DeliveryPolicy {
	maxAttempts: number;
	baseDelayMs: number;
	timeoutMs: number;
}

export interface AvayaConfig {
	tenants: AvayaTenant[];
	/** Send paths the simulated tenant serves; the others answer 404. */
	sendPaths: SendPathKey[];
	delivery: DeliveryPolicy;
}

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

export interface SandboxConfig {
	/** Added before every vendor answer (not admin). */
	latencyMs: number;
	/** Per list in the recorder. */
	maxRecords: number;
	avaya: AvayaConfig;
	genesys: GenesysConfig;
	sms: SmsProviderConfig;
}

export const DEFAULT_AVAYA_TENANT: Readonly<AvayaTenant> = Object.freeze({
	clientId: 'sandbox-avaya-client',
	clientSecret: 'sandbox-avaya-client-secret-example',
	connectorId: 'a2a22a22-b66b-4444-a9a9-dd111d111d11',
	accountId: '001d0106666c6888cc999c111c',
	registeredNumbers: ['+18777777777'],
	webhookSecret: 'sandbox-avaya-webhook-secret-example',
	webhookUrl: '',
	subscription: 'contact-center',
	tokenLifetimeSeconds: TOKEN_LIFETIME_S,
	autoReply: true,
	autoReplyDelayMs: 300,
});

/** The business number of the Genesys example workflow (templates/genesys-sms-receipts.json). */
export const GENESYS_SMS_NUMBER = '+16505550100';

export const DEFAULT_DELIVERY: Readonly<DeliveryPolicy> = Object.freeze({
	maxAttempts: 4,
	baseDelayMs: 200,
	timeoutMs: 10_000,
});

export function defaultConfig(): SandboxConfig {
	return {
		latencyMs: 0,
		maxRecords: 100_000,
		avaya: {
			tenants: [{ ...DEFAULT_AVAYA_TENANT, registeredNumbers: [...DEFAULT_AVAYA_TENANT.registeredNumbers] }],
			sendPaths: Object.keys(SEND_PATHS) as SendPathKey[],
			delivery: { ...DEFAULT_DELIVERY },
		},
		genesys: defaultGenesysConfig(),
		sms: { inboundWebhookUrl: '', numbers: [{ number: GENESYS_SMS_NUMBER, webhookUrl: '', vendor: 'genesys' }], delivery: { ...DEFAULT_DELIVERY } },
	};
}

export const DEFAULT_CONFIG: Readonly<SandboxConfig> = Object.freeze(defaultConfig());

export type DeepPartial<T> = T extends Array<infer U>
	? Array<DeepPartial<U>>
	: T extends object
		? { [K in keyof T]?: DeepPartial<T[K]> }
		: T;

export type ConfigPatch = DeepPartial<SandboxConfig>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON merge patch (RFC 7396) without deletion: objects merge, arrays and scalars replace. */
function mergePatch(target: unknown, patch: unknown): unknown {
	if (!isPlainObject(patch) || !isPlainObject(target)) return patch === undefined ? target : patch;
	const merged: Record<string, unknown> = { ...target };
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined || value === null) continue;
		merged[key] = mergePatch(target[key], value);
	}
	return merged;
}

/**
 * Applies a patch to a config. A tenants array replaces the old one, and each tenant in it is
 * completed from DEFAULT_AVAYA_TENANT (DEFAULT_GENESYS_TENANT), so `{avaya:{tenants:[{webhookUrl}]}}` is
 * enough to set a URL.
 */
export function applyConfigPatch(current: SandboxConfig, patch: ConfigPatch | undefined): SandboxConfig {
	const merged = mergePatch(current, patch ?? {}) as SandboxConfig;
	const patchedTenants = patch?.avaya?.tenants;
	if (patchedTenants) {
		merged.avaya = {
			...merged.avaya,
			tenants: patchedTenants.map((tenant) => mergePatch({ ...DEFAULT_AVAYA_TENANT }, tenant) as AvayaTenant),
		};
	}
	const patchedGenesysTenants = patch?.genesys?.tenants;
	if (patchedGenesysTenants) {
		merged.genesys = {
			...merged.genesys,
			tenants: patchedGenesysTenants.map((tenant) => mergePatch({ ...DEFAULT_GENESYS_TENANT, businessIds: [...DEFAULT_GENESYS_TENANT.businessIds] }, tenant) as GenesysTenant),
		};
	}
	const problem = configProblem(merged);
	if (problem) throw new ConfigError(problem);
	return merged;
}

export class ConfigError extends Error {}

function nonNegative(value: unknown): boolean {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function policyProblem(name: string, policy: DeliveryPolicy): string | undefined {
	if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) return `${name}.maxAttempts must be an integer ≥ 1`;
	if (!nonNegative(policy.baseDelayMs)) return `${name}.baseDelayMs must be ≥ 0`;
	if (!nonNegative(policy.timeoutMs) || policy.timeoutMs === 0) return `${name}.timeoutMs must be > 0`;
	return undefined;
}

function configProblem(config: SandboxConfig): string | undefined {
	if (!nonNegative(config.latencyMs)) return 'latencyMs must be ≥ 0';
	if (!Number.isInteger(config.maxRecords) || config.maxRecords < 1) return 'maxRecords must be an integer ≥ 1';
	for (const key of config.avaya.sendPaths) {
		if (!(key in SEND_PATHS)) return `avaya.sendPaths: unknown path key ${String(key)}`;
	}
	for (const tenant of config.avaya.tenants) {
		if (tenant.subscription !== 'contact-center' && tenant.subscription !== 'all') {
			return `avaya tenant ${tenant.connectorId}: subscription must be 'contact-center' or 'all'`;
		}
		if (!Number.isInteger(tenant.tokenLifetimeSeconds) || tenant.tokenLifetimeSeconds < 1) {
			return `avaya tenant ${tenant.connectorId}: tokenLifetimeSeconds must be an integer ≥ 1`;
		}
		if (!Array.isArray(tenant.registeredNumbers)) return `avaya tenant ${tenant.connectorId}: registeredNumbers must be an array`;
		if (!nonNegative(tenant.autoReplyDelayMs)) return `avaya tenant ${tenant.connectorId}: autoReplyDelayMs must be ≥ 0`;
	}
	if (!Array.isArray(config.sms.numbers)) return 'sms.numbers must be an array';
	for (const entry of config.sms.numbers) {
		if (!isPlainObject(entry) || typeof entry.number !== 'string' || typeof entry.webhookUrl !== 'string') {
			return 'sms.numbers entries must be {number, webhookUrl, vendor?}';
		}
	}
	return (
		genesysConfigProblem(config.genesys) ??
		policyProblem('avaya.delivery', config.avaya.delivery) ??
		policyProblem('genesys.delivery', config.genesys.delivery) ??
		policyProblem('sms.delivery', config.sms.delivery)
	);
}

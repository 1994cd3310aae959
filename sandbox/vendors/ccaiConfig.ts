import { RATE_LIMIT_PER_SECOND, type AgentInfo } from '../../nodes/CcaiPlatform/contract';
import { completeList, nonNegative, type ConfigSection } from '../configTools';

/** One CCAI Platform customer: its Basic credentials, SMS switches, outbound numbers and agents. */
export interface CcaiTenant {
	/** The Basic username (and, on the real platform, the host's first label). */
	subdomain: string;
	/** The Basic password. */
	apiToken: string;
	/** Switches for the documented "SMS is not enabled" / "Outbound SMS is not enabled" refusals. */
	smsEnabled: boolean;
	outboundSmsEnabled: boolean;
	/** Numbers configured on the tenant, E.164; others are "outbound_number is not found". */
	outboundNumbers: string[];
	/** Agents an `agentId` or `agentEmail` can name. */
	agents: AgentInfo[];
}

export interface CcaiConfig {
	tenants: CcaiTenant[];
	/** Requests per customer in any 1 s window before 429 (the published limit is 10). 0: no limit. */
	rateLimitPerSecond: number;
	/**
	 * Whether a chat assigned by `agentEmail` carries the agent's `agent_info`. The doc's example
	 * answers `agent_info: null` (while its agentId example fills it); that quirk is the default.
	 */
	agentInfoForEmail: boolean;
}

/** The doc's example agent and outbound number. */
export const DEFAULT_CCAI_TENANT: Readonly<CcaiTenant> = Object.freeze({
	subdomain: 'sandbox',
	apiToken: 'sandbox-ccai-api-token-example',
	smsEnabled: true,
	outboundSmsEnabled: true,
	outboundNumbers: ['+16285550199'],
	agents: [
		{
			id: 1,
			agent_number: 9,
			email: 'john.doe@foo.com',
			name: 'John Doe',
			first_name: 'John',
			last_name: 'Doe',
			avatar_url: 'https://foobar.com/johndoe',
		},
	],
});

function tenantProblem(tenant: CcaiTenant): string | undefined {
	if (!tenant.subdomain) return 'ccai tenant: subdomain is required';
	if (!Array.isArray(tenant.outboundNumbers)) return `ccai tenant ${tenant.subdomain}: outboundNumbers must be an array`;
	if (!Array.isArray(tenant.agents)) return `ccai tenant ${tenant.subdomain}: agents must be an array`;
	return undefined;
}

export const CCAI_CONFIG: ConfigSection<CcaiConfig> = {
	defaults: () => ({
		tenants: [structuredClone(DEFAULT_CCAI_TENANT) as CcaiTenant],
		rateLimitPerSecond: RATE_LIMIT_PER_SECOND,
		agentInfoForEmail: false,
	}),
	complete: (merged, patch) => ({ ...merged, tenants: completeList(DEFAULT_CCAI_TENANT, patch?.tenants, merged.tenants) }),
	problem(config) {
		if (!Number.isInteger(config.rateLimitPerSecond) || !nonNegative(config.rateLimitPerSecond)) return 'ccai.rateLimitPerSecond must be an integer ≥ 0';
		const names = new Set<string>();
		for (const tenant of config.tenants) {
			const problem = tenantProblem(tenant);
			if (problem) return problem;
			if (names.has(tenant.subdomain)) return `ccai tenant ${tenant.subdomain} is configured twice`;
			names.add(tenant.subdomain);
		}
		return undefined;
	},
};

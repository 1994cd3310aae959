import { DEFAULT_INACTIVITY_DELAY_S, TOKEN_LIFETIME_S } from '../../nodes/Alvaria/contract';
import { completeList, nonNegative, positiveInteger, type ConfigSection } from '../configTools';

/** One Alvaria organization: its OAuth client, API key, agent users and the ids a workflow can use at once. */
export interface AlvariaOrg {
	/** The `{orgId}` of every path and the token request's `realm`. */
	orgId: string;
	clientId: string;
	clientSecret: string;
	/** Expected in `x-api-key` on every API call. */
	apiKey: string;
	/** The `{userId}`s (agent user instances) the messaging paths accept. */
	userIds: string[];
	tokenLifetimeSeconds: number;
	/**
	 * A streaming session that exists from the start (and after a reset), kept alive as if the
	 * agent application polled it, so a workflow has a live `via-client-sessionid`. Empty: none.
	 */
	seedSessionId: string;
	/** Interactions open from the start (and after a reset); the doc's example id is `4321`. */
	seedInteractionIds: string[];
}

export interface AlvariaConfig {
	orgs: AlvariaOrg[];
	/**
	 * Seconds a streaming session lives without a poll (the vendor's default is 60). Fractions
	 * are allowed so tests can watch a session expire.
	 */
	inactivityDelaySeconds: number;
	/** How long a long poll waits for events before answering with none [U: the vendor's is not documented]. */
	pollTimeoutMs: number;
}

export const DEFAULT_ALVARIA_ORG: Readonly<AlvariaOrg> = Object.freeze({
	orgId: 'sandboxorg',
	clientId: 'sandbox-alvaria-client',
	clientSecret: 'sandbox-alvaria-client-secret-example',
	apiKey: 'sandbox-alvaria-api-key-example',
	userIds: ['sandbox-agent-user-1'],
	tokenLifetimeSeconds: TOKEN_LIFETIME_S,
	seedSessionId: 'sandbox-alvaria-session-example',
	seedInteractionIds: ['4321'],
});

function orgProblem(org: AlvariaOrg): string | undefined {
	const name = `alvaria org ${org.orgId}`;
	if (!org.orgId || !/^[A-Za-z0-9-]+$/.test(org.orgId)) return 'alvaria org: orgId is required (letters, digits, dashes: it is a host label)';
	if (!org.clientId) return `${name}: clientId is required`;
	if (!positiveInteger(org.tokenLifetimeSeconds)) return `${name}: tokenLifetimeSeconds must be an integer ≥ 1`;
	if (!Array.isArray(org.userIds)) return `${name}: userIds must be an array`;
	if (!Array.isArray(org.seedInteractionIds)) return `${name}: seedInteractionIds must be an array`;
	return undefined;
}

export const ALVARIA_CONFIG: ConfigSection<AlvariaConfig> = {
	defaults: () => ({
		orgs: [structuredClone(DEFAULT_ALVARIA_ORG) as AlvariaOrg],
		inactivityDelaySeconds: DEFAULT_INACTIVITY_DELAY_S,
		pollTimeoutMs: 20_000,
	}),
	complete: (merged, patch) => ({ ...merged, orgs: completeList(DEFAULT_ALVARIA_ORG, patch?.orgs, merged.orgs) }),
	problem(config) {
		if (!nonNegative(config.inactivityDelaySeconds) || config.inactivityDelaySeconds === 0) return 'alvaria.inactivityDelaySeconds must be > 0';
		if (!nonNegative(config.pollTimeoutMs)) return 'alvaria.pollTimeoutMs must be ≥ 0';
		const ids = new Set<string>();
		for (const org of config.orgs) {
			const problem = orgProblem(org);
			if (problem) return problem;
			if (ids.has(org.orgId)) return `alvaria org ${org.orgId} is configured twice`;
			ids.add(org.orgId);
		}
		return undefined;
	},
};

/**
 * Tokens: the token requests the sandbox counted per client id over the whole run. The package's
 * nodes share one cached token per credential in the n8n process: one request per token lifetime
 * (plus one after each time the sandbox expired every token), however many items and concurrent
 * executions. The builder's workflow asks for a token in every execution.
 */
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { BUILDER_TENANT, type BenchBed } from '../lib/benchBed';
import { formatNumber, type Row } from '../lib/report';

export interface TokenUsage {
	items: number;
	executions: number;
	builderMessages: number;
	/** Token lifetimes the run spanned: 1 + the number of times the sandbox expired every token. */
	lifetimes: number;
	runSeconds: number;
}

export async function tokenRows(bed: BenchBed, usage: TokenUsage): Promise<Row[]> {
	const counts = (await bed.sandbox.client.tokens()).avaya ?? {};
	const ours = counts[DEFAULT_AVAYA_TENANT.clientId]?.requests ?? 0;
	const builder = counts[BUILDER_TENANT.clientId]?.requests ?? 0;
	const lifetime = DEFAULT_AVAYA_TENANT.tokenLifetimeSeconds;
	return [
		{
			measure:
				`Token requests per token lifetime (${lifetime} s; the run took ${formatNumber(usage.runSeconds)} s and the sandbox expired every token ` +
				`${usage.lifetimes - 1}× mid-run): the package's nodes for ${formatNumber(usage.items)} items in ${formatNumber(usage.executions)} executions`,
			ours: `${formatNumber(ours)} requests`,
			baseline: `${formatNumber(usage.lifetimes)} token lifetimes`,
			ratio: ours / usage.lifetimes,
			target: '= 1.00×',
			met: ours === usage.lifetimes,
		},
		{
			measure: 'Token requests per message in the bridge: the package vs the builder\'s workflow (HTTP Request token per execution)',
			ours: `${formatNumber(ours)} for ${formatNumber(usage.items)} items`,
			baseline: `${formatNumber(builder)} for ${formatNumber(usage.builderMessages)} messages`,
			ratio: ours / usage.items / (builder / usage.builderMessages),
			target: 'none (informative)',
			met: true,
		},
	];
}

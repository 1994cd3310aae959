/**
 * Alvaria send path: N items in one execution through the Alvaria Send Text node (Webhook → Code
 * making N items → Alvaria Send Text) against raw undici sending the same Send Text requests with
 * the same concurrency, 1: the node sends one item after another so that texts reach the
 * interaction in item order.
 */
import { DEFAULT_ALVARIA_ORG } from '../../sandbox/vendors/alvariaConfig';
import { RawAlvariaSender } from '../contenders/rawAlvaria';
import { ALVARIA_TEXTS, AcceptedLog } from '../lib/accepted';
import { ALVARIA_ENTITY, type BenchBed } from '../lib/benchBed';
import { runWorkflow, type WorkflowUnderTest } from '../lib/nodeTiming';
import { formatNumber, type Row } from '../lib/report';
import { alternatedSends, sendRows } from '../lib/sendRounds';

export const ALVARIA_WORKFLOW: WorkflowUnderTest = { workflowId: 'benchAlvariaSend', path: 'bench-alvaria', node: 'Alvaria Send Text' };
/** The node's own concurrency (nodes/Alvaria/actions/interaction/target.ts). */
export const ALVARIA_CONCURRENCY = 1;

export interface AlvariaSendOptions {
	count: number;
	pairs: number;
}

export async function benchAlvariaSend(bed: BenchBed, options: AlvariaSendOptions): Promise<Row[]> {
	const { count, pairs } = options;
	const org = DEFAULT_ALVARIA_ORG;
	await bed.sandbox.client.patchConfig({ latencyMs: 0 });
	const accepted = new AcceptedLog(bed.sandbox.client, ALVARIA_TEXTS);
	await accepted.next();
	const raw = new RawAlvariaSender({
		baseUrl: `${bed.sandbox.url}/alvaria`,
		orgId: org.orgId,
		clientId: org.clientId,
		clientSecret: org.clientSecret,
		apiKey: org.apiKey,
		userId: org.userIds[0],
		sessionId: org.seedSessionId,
	});
	const timeLimitMs = Math.max(60_000, count * 20);
	const checkAccepted = async (tag: string) => {
		const got = await accepted.collect(`${tag}-`, count, 30_000);
		if (got.length !== count) throw new Error(`Alvaria ${tag}: the sandbox accepted ${got.length}/${count}`);
	};
	try {
		const rounds = await alternatedSends('Alvaria send', pairs, {
			async ours(run) {
				const tag = `alvaria-${run}-ours`;
				const timing = await runWorkflow(bed, ALVARIA_WORKFLOW, { count, tag }, timeLimitMs);
				await checkAccepted(tag);
				return { node: count / (timing.nodeMs / 1000), whole: count / (timing.wholeMs / 1000) };
			},
			async raw(run) {
				const tag = `alvaria-${run}-raw`;
				const interactionId = org.seedInteractionIds[0];
				const result = await raw.send({ count, concurrency: ALVARIA_CONCURRENCY, tag, interactionId, entityName: ALVARIA_ENTITY.name, entityType: ALVARIA_ENTITY.type, timeLimitMs });
				if (result.sent !== count) throw new Error(`raw Alvaria ${tag}: ${result.sent}/${count} answered 202`);
				await checkAccepted(tag);
				return count / (result.elapsedMs / 1000);
			},
		});
		return sendRows(rounds, {
			node: `Send path, ${formatNumber(count)} items through the Alvaria Send Text node (n8n's own timing of the node), vendor latency 0 ms, concurrency ${ALVARIA_CONCURRENCY} as the node sends (median of ${pairs} alternated pairs)`,
			whole: `Send path, ${formatNumber(count)} items through Alvaria Send Text, whole execution (webhook → Code node making the items → send node → n8n's answer)`,
		});
	} finally {
		await raw.close();
	}
}

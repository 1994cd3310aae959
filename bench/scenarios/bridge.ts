/**
 * Bridge, one message per execution (how SMS really arrives): signed Avaya events into a
 * workflow that checks the signature, gets a token and sends the message on. This package
 * (Avaya Infinity Trigger → Avaya Send Message) against the same job built from n8n's own nodes
 * (Webhook with raw body → Crypto HMAC → If → HTTP Request token → HTTP Request send).
 * End-to-end latency: from posting the event to the sandbox recording the accepted send.
 */
import { AcceptedLog, textOf } from '../lib/accepted';
import { agentMessage, signedAvayaRequest } from '../lib/avayaEvents';
import type { BenchBed } from '../lib/benchBed';
import { drained } from '../lib/executionCounts';
import { epochMs, timedPost } from '../lib/http';
import { runBounded } from '../lib/load';
import { formatNumber, type Row } from '../lib/report';
import { median, percentile } from '../lib/stats';

export interface BridgeOptions {
	latencyMs: number;
	messagesPerRound: number;
	rounds: number;
	senders: number;
	/** Expire every token at the sandbox before the first round (tests single-flight refresh under concurrent executions). */
	expireTokensFirst: boolean;
}

interface Contender {
	key: 'package' | 'builder';
	workflowId: string;
	url: string;
}

interface RoundResult {
	messagesPerSecond: number;
	latenciesMs: number[];
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function runRound(bed: BenchBed, accepted: AcceptedLog, contender: Contender, tag: string, options: BridgeOptions): Promise<RoundResult> {
	const sentAt = new Map<string, number>();
	const load = await runBounded({ count: options.messagesPerRound, concurrency: options.senders, timeLimitMs: 120_000 }, async (index) => {
		const text = `${tag}-${index}`;
		const { body, headers } = signedAvayaRequest(agentMessage(text));
		sentAt.set(text, epochMs());
		return timedPost(contender.url, body, headers, 30_000);
	});
	const refused = load.results.filter((answer) => answer.status !== 200);
	if (refused.length) throw new Error(`${tag}: ${refused.length} events were answered ${refused[0].status}: ${refused[0].body.slice(0, 200)}`);
	const records = await accepted.collect(`${tag}-`, options.messagesPerRound, 120_000);
	if (records.length !== options.messagesPerRound) throw new Error(`${tag}: the sandbox accepted ${records.length}/${options.messagesPerRound}`);
	await drained(bed.n8n.userFolder, contender.workflowId);
	const firstSent = Math.min(...sentAt.values());
	const acceptedTimes = records.map((record) => Date.parse(record.at));
	const latenciesMs = records.map((record) => Date.parse(record.at) - (sentAt.get(textOf(record)) ?? Number.NaN));
	return { messagesPerSecond: records.length / ((Math.max(...acceptedTimes) - firstSent) / 1000), latenciesMs };
}

export async function benchBridge(bed: BenchBed, options: BridgeOptions): Promise<{ rows: Row[]; packageMessages: number; builderMessages: number }> {
	await bed.sandbox.client.patchConfig({ latencyMs: options.latencyMs });
	const accepted = new AcceptedLog(bed.sandbox.client);
	await accepted.next();
	const contenders: Contender[] = [
		{ key: 'package', workflowId: 'benchBridgePkg01', url: bed.n8n.webhookUrl('bench-bridge-package') },
		{ key: 'builder', workflowId: 'benchBridgeDiy01', url: bed.n8n.productionUrl('bench-bridge-builder') },
	];
	if (options.expireTokensFirst) await bed.sandbox.client.addFault({ vendor: 'avaya', kind: 'token', fault: { type: 'expire-tokens' } });
	const results: Record<Contender['key'], RoundResult[]> = { package: [], builder: [] };
	for (let round = 0; round < options.rounds; round++) {
		for (const contender of contenders) {
			const result = await runRound(bed, accepted, contender, `bridge-${contender.key}-${round}`, options);
			results[contender.key].push(result);
			log(`bridge ${contender.key} round ${round + 1}/${options.rounds}: ${formatNumber(result.messagesPerSecond, 1)} msg/s, p50 ${formatNumber(percentile(result.latenciesMs, 50))} ms, p99 ${formatNumber(percentile(result.latenciesMs, 99))} ms`);
		}
	}
	const rate = (key: Contender['key']) => median(results[key].map((r) => r.messagesPerSecond));
	const latencies = (key: Contender['key']) => results[key].flatMap((r) => r.latenciesMs);
	const total = options.messagesPerRound * options.rounds;
	const describe = `${formatNumber(total)} signed events per contender, ${options.senders} concurrent senders, vendor latency ${options.latencyMs} ms`;
	const p = (key: Contender['key'], q: number) => percentile(latencies(key), q);
	return {
		packageMessages: total,
		builderMessages: total,
		rows: [
			{
				measure: `Bridge, one message per execution: messages/s (${describe}; median of ${options.rounds} rounds)`,
				ours: `${formatNumber(rate('package'), 1)} msg/s`,
				baseline: `${formatNumber(rate('builder'), 1)} msg/s (n8n nodes only)`,
				ratio: rate('package') / rate('builder'),
				target: '≥ 1.80×',
				met: rate('package') / rate('builder') >= 1.8,
			},
			{
				measure: 'Bridge: end-to-end p50, event posted → send accepted by the vendor (lower is better)',
				ours: `${formatNumber(p('package', 50))} ms`,
				baseline: `${formatNumber(p('builder', 50))} ms`,
				ratio: p('package', 50) / p('builder', 50),
				target: 'none (informative)',
				met: true,
			},
			{
				measure: 'Bridge: end-to-end p99 (lower is better)',
				ours: `${formatNumber(p('package', 99))} ms`,
				baseline: `${formatNumber(p('builder', 99))} ms`,
				ratio: p('package', 99) / p('builder', 99),
				target: '< 1.00× (a lower p99)',
				met: p('package', 99) < p('builder', 99),
			},
		],
	};
}

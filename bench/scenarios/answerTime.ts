/**
 * Trigger answer time: how long a vendor waits for the HTTP answer, under 20 concurrent senders.
 * Each trigger (one row per vendor) against n8n's own Webhook node answering immediately, with
 * the same number of valid, signed, distinct events; contenders take turns in rounds, and each
 * round waits until the runs it started have finished so no contender inherits another's backlog.
 */
import { agentMessage, signedAvayaRequest } from '../lib/avayaEvents';
import type { BenchBed } from '../lib/benchBed';
import { drained } from '../lib/executionCounts';
import { genesysAgentMessage, signedGenesysRequest } from '../lib/genesysEvents';
import { timedPost } from '../lib/http';
import { runBounded } from '../lib/load';
import { formatNumber, type Row } from '../lib/report';
import { percentile } from '../lib/stats';
import { deliveredNotification, signedWebexRequest } from '../lib/webexEvents';
import { NOTIFICATION } from '../../nodes/WebexConnect/contract';

export interface AnswerTimeOptions {
	requestsPerContender: number;
	rounds: number;
	senders: number;
}

export interface AnswerContender {
	label: string;
	workflowId: string;
	url: string;
	request(text: string): { body: string; headers: Record<string, string> };
	/** The vendor's own answer deadline, if it has one. */
	deadlineMs?: number;
}

export interface AnswerTimeResult {
	rows: Row[];
	series: Array<{ label: string; samplesMs: number[] }>;
}

const GENESYS_DEADLINE_MS = 10_000;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export function avayaAnswerContender(bed: BenchBed, label = 'Avaya Infinity Trigger'): AnswerContender {
	return {
		label,
		workflowId: 'benchAnswerAvaya',
		url: bed.n8n.webhookUrl('bench-answer-avaya'),
		request: (text) => signedAvayaRequest(agentMessage(text)),
	};
}

/**
 * One contender's share of a round: `count` events from `senders` concurrent senders, every answer
 * a 200; waits until the runs they started have finished. Resolves with the answer times (ms).
 */
export async function answerRound(bed: BenchBed, contender: AnswerContender, tag: string, count: number, senders: number): Promise<number[]> {
	const load = await runBounded({ count, concurrency: senders, timeLimitMs: 60_000 }, (index) => {
		const { body, headers } = contender.request(`${tag}-${index}`);
		return timedPost(contender.url, body, headers, 30_000);
	});
	const bad = load.results.filter((answer) => answer.status !== 200);
	if (bad.length) throw new Error(`${contender.label}: ${bad.length} answers were ${bad[0].status}: ${bad[0].body.slice(0, 200)}`);
	await drained(bed.n8n.userFolder, contender.workflowId);
	return load.results.map((answer) => answer.ms);
}

function contenders(bed: BenchBed): { webhook: AnswerContender; triggers: AnswerContender[] } {
	const triggers: AnswerContender[] = [avayaAnswerContender(bed)];
	if (bed.hasGenesys) {
		triggers.push({
			label: 'Genesys Multicloud CX Trigger',
			workflowId: 'benchAnswerGenesys',
			url: bed.n8n.webhookUrl('bench-answer-genesys'),
			request: (text) => signedGenesysRequest(genesysAgentMessage(text)),
			deadlineMs: GENESYS_DEADLINE_MS,
		});
	}
	triggers.push({
		label: 'Webex Connect Trigger',
		workflowId: 'benchAnswerWebex',
		url: bed.n8n.webhookUrl('bench-answer-webex'),
		request: (text) => signedWebexRequest(deliveredNotification(text)),
		deadlineMs: NOTIFICATION.timeoutMs,
	});
	const webhook: AnswerContender = {
		label: 'n8n Webhook node (answers immediately)',
		workflowId: 'benchAnswerHook1',
		url: bed.n8n.productionUrl('bench-answer-webhook'),
		request: (text) => signedAvayaRequest(agentMessage(text)),
	};
	return { webhook, triggers };
}

export async function benchAnswerTime(bed: BenchBed, options: AnswerTimeOptions): Promise<AnswerTimeResult> {
	await bed.sandbox.client.patchConfig({ latencyMs: 0 });
	const { webhook, triggers } = contenders(bed);
	const all = [...triggers, webhook];
	const samples = new Map<string, number[]>(all.map((c) => [c.label, []]));
	const perRound = Math.ceil(options.requestsPerContender / options.rounds);
	for (let round = 0; round < options.rounds; round++) {
		// Rotate the order each round so no contender always goes first (or right after another's burst).
		const order = all.map((_, i) => all[(i + round) % all.length]);
		for (const contender of order) {
			samples.get(contender.label)?.push(...(await answerRound(bed, contender, `answer-${round}`, perRound, options.senders)));
		}
		log(`answer time round ${round + 1}/${options.rounds} done`);
	}
	const webhookSamples = samples.get(webhook.label) ?? [];
	const rows: Row[] = [];
	for (const trigger of triggers) {
		const mine = samples.get(trigger.label) ?? [];
		const ratio99 = percentile(mine, 99) / percentile(webhookSamples, 99);
		const ratio50 = percentile(mine, 50) / percentile(webhookSamples, 50);
		const what = `${formatNumber(mine.length)} signed events, ${options.senders} concurrent senders`;
		rows.push(
			{
				measure: `Trigger answer time p50: ${trigger.label} vs n8n Webhook node (${what})`,
				ours: `${formatNumber(percentile(mine, 50), 1)} ms`,
				baseline: `${formatNumber(percentile(webhookSamples, 50), 1)} ms`,
				ratio: ratio50,
				target: 'none (informative)',
				met: true,
			},
			{
				measure: `Trigger answer time p99: ${trigger.label} vs n8n Webhook node`,
				ours: `${formatNumber(percentile(mine, 99), 1)} ms`,
				baseline: `${formatNumber(percentile(webhookSamples, 99), 1)} ms`,
				ratio: ratio99,
				target: '≤ 1.10×',
				met: ratio99 <= 1.1,
			},
		);
		if (trigger.deadlineMs) {
			const ratio = Math.max(...mine) / trigger.deadlineMs;
			rows.push({
				measure: `Trigger answer time, slowest answer: ${trigger.label} vs the vendor's deadline`,
				ours: `${formatNumber(Math.max(...mine), 1)} ms`,
				baseline: `${formatNumber(trigger.deadlineMs)} ms deadline`,
				ratio,
				target: '≪ 1.00× (far inside)',
				met: ratio <= 0.1,
			});
		}
	}
	return { rows, series: all.map((c) => ({ label: c.label.replace(' (answers immediately)', ''), samplesMs: samples.get(c.label) ?? [] })) };
}

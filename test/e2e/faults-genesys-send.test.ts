/**
 * Vendor faults under the Genesys Send Message node (batched requests) in a real n8n: the sandbox
 * injects one fault into the first messages request; every item of that batch ends sent exactly
 * once (the sandbox's record shows it) or failed with an error naming the cause, with no resend
 * where Genesys may have accepted the batch, and waits that honour Retry-After. Workflows:
 * fault-genesys-continue.json (continueOnFail) and fault-genesys-stop.json, batch size 2, so 4
 * messages go in 2 requests and the fault hits the batch of items 0-1.
 *
 * Not covered here: an answer slower than the timeout. The Genesys node has no timeout option (it
 * uses the shared transport's 30 s default); the same transport path is covered under Avaya
 * (faults-avaya-send.test.ts, "an answer slower than the transport timeout").
 */
import { randomUUID } from 'node:crypto';

import type { Fault } from '../../sandbox/faults';
import type { AcceptedRecord, RequestRecord } from '../../sandbox/recorder';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { executions, nodeError, postJson, productionUrl, sandbox } from '../harness/context';

const STOP_WORKFLOW = 'e2eFaultGenStop1';
const NODE = 'Genesys Send Message';
const ITEMS = 4;
const BATCH = 2;
const CONSUMER = '16504661149';

interface FaultCase {
	name: string;
	fault: Fault;
	/** The first batch's fate: sent (exactly once), or failed with an error matching `cause`. */
	batch0: { sent: true } | { sent: false; cause: RegExp; genesysHasIt: boolean };
	/** Requests the sandbox recorded for the first batch. */
	batch0Requests: number;
	/** Minimum gap between the first batch's first and last request. */
	minWaitMs?: number;
}

const CASES: FaultCase[] = [
	{ name: '429 with Retry-After in seconds', fault: { type: 'status', status: 429, retryAfter: '1' }, batch0: { sent: true }, batch0Requests: 2, minWaitMs: 950 },
	{ name: '503 with Retry-After', fault: { type: 'status', status: 503, retryAfter: '1' }, batch0: { sent: true }, batch0Requests: 2, minWaitMs: 950 },
	{ name: '503 without Retry-After (backoff)', fault: { type: 'status', status: 503 }, batch0: { sent: true }, batch0Requests: 2 },
	{ name: '500', fault: { type: 'status', status: 500 }, batch0: { sent: false, cause: /HTTP 500/, genesysHasIt: false }, batch0Requests: 1 },
	{
		name: 'connection reset after Genesys accepted the batch',
		fault: { type: 'reset-after-accept' },
		batch0: { sent: false, cause: /connection was (reset|closed).*may have received the request, so it was not sent again/, genesysHasIt: true },
		batch0Requests: 1,
	},
];

interface CaseRun {
	status: number;
	outputs: Array<Record<string, unknown>>;
	texts: string[];
	records: RequestRecord[];
	accepted: AcceptedRecord[];
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function textsOf(record: RequestRecord): string[] {
	const messages = (record.body as { messages?: Array<{ text?: unknown }> } | undefined)?.messages;
	return Array.isArray(messages) ? messages.map((m) => String(m.text)) : [];
}

function acceptedText(record: AcceptedRecord): string {
	return String((record.request as { text?: unknown } | undefined)?.text);
}

async function lastSeq(): Promise<number> {
	const [records, accepted] = await Promise.all([sandbox().records({ vendor: 'genesys' }), sandbox().accepted({ vendor: 'genesys' })]);
	return Math.max(0, ...records.map((r) => r.seq), ...accepted.map((r) => r.seq));
}

async function runCase(testCase: FaultCase, path: string, expectedAccepted: number): Promise<CaseRun> {
	const client = sandbox();
	await client.clearFaults();
	const since = await lastSeq();
	const tag = `genesys fault ${testCase.name} ${randomUUID().slice(0, 8)}`;
	const texts = Array.from({ length: ITEMS }, (_, i) => `${tag} #${i}`);
	await client.addFault({ vendor: 'genesys', kind: 'messages', fault: testCase.fault });
	const response = await postJson(productionUrl(path), {
		messages: texts.map((text) => ({ from: CONSUMER, to: DEFAULT_GENESYS_TENANT.businessIds[0], text })),
	});
	let accepted: AcceptedRecord[] = [];
	// Settle: a request the sandbox processed after the socket was gone is recorded a little later.
	for (const deadline = Date.now() + 3000; ; await sleep(100)) {
		accepted = (await client.accepted({ vendor: 'genesys', since })).filter((r) => texts.includes(acceptedText(r)));
		if (accepted.length >= expectedAccepted || Date.now() > deadline) break;
	}
	await sleep(300);
	accepted = (await client.accepted({ vendor: 'genesys', since })).filter((r) => texts.includes(acceptedText(r)));
	const records = (await client.records({ vendor: 'genesys', since })).filter((r) => textsOf(r).some((text) => texts.includes(text)));
	await client.clearFaults();
	const outputs = Array.isArray(response.json) ? (response.json as Array<Record<string, unknown>>) : [];
	return { status: response.status, outputs, texts, records, accepted };
}

const copies = (run: CaseRun, index: number) => run.accepted.filter((r) => acceptedText(r) === run.texts[index]).length;

describe('vendor faults under Genesys Send Message, batches of 2 (real n8n, continueOnFail)', () => {
	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		const batch0Accepted = testCase.batch0.sent || testCase.batch0.genesysHasIt ? BATCH : 0;
		const run = await runCase(testCase, 'e2e-fault-genesys-continue', batch0Accepted + ITEMS - BATCH);

		expect(run.status).toBe(200);
		expect(run.outputs).toHaveLength(ITEMS);
		// The later batch goes out whatever happened to the first.
		for (let index = BATCH; index < ITEMS; index++) {
			expect(run.outputs[index]).toMatchObject({ messageId: expect.any(String), status: { code: 0 } });
			expect(copies(run, index)).toBe(1);
		}
		const batch0 = testCase.batch0;
		for (let index = 0; index < BATCH; index++) {
			if (batch0.sent) {
				expect(run.outputs[index]).toMatchObject({ messageId: expect.any(String), id: expect.any(String), status: { code: 0 } });
				expect(copies(run, index)).toBe(1);
			} else {
				// Every item of the failed batch is marked, each with the cause.
				expect(run.outputs[index].id).toBeUndefined();
				expect(`${run.outputs[index].error} ${run.outputs[index].description ?? ''}`).toMatch(batch0.cause);
				// Zero duplicates: exactly one copy where Genesys has it, none where it refused.
				expect(copies(run, index)).toBe(batch0.genesysHasIt ? 1 : 0);
			}
		}
		const batch0Records = run.records.filter((r) => textsOf(r).includes(run.texts[0]));
		expect(batch0Records.map((r) => textsOf(r))).toEqual(Array.from({ length: testCase.batch0Requests }, () => run.texts.slice(0, BATCH)));
		expect(run.records.filter((r) => textsOf(r).includes(run.texts[BATCH]))).toHaveLength(1);
		if (testCase.minWaitMs !== undefined) {
			const gap = Date.parse(batch0Records[batch0Records.length - 1].at) - Date.parse(batch0Records[0].at);
			expect(gap).toBeGreaterThanOrEqual(testCase.minWaitMs);
		}
	}, 60_000);
});

describe('vendor faults under Genesys Send Message (real n8n, stop on fail)', () => {
	it('stops at the failed batch, names the cause, and says which items were and were not sent', async () => {
		const run = await runCase(CASES.find((c) => c.name === '500') as FaultCase, 'e2e-fault-genesys-stop', 0);
		expect(run.status).toBe(500);
		for (let index = 0; index < ITEMS; index++) expect(copies(run, index)).toBe(0);
		expect(run.records).toHaveLength(1);
		const failed = (await executions(STOP_WORKFLOW, { finishedOnly: true })).pop();
		expect(failed?.status).toBe('error');
		const error = failed ? nodeError(failed, NODE) : undefined;
		expect(error?.message).toMatch(/HTTP 500/);
		expect(error?.description).toMatch(/not sent/i);
		process.stderr.write(`[e2e] Genesys stop-on-fail error: ${error?.message} | ${error?.description}\n`);
	}, 60_000);
});

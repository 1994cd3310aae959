/**
 * Vendor faults under the Avaya Send Message node in a real n8n: the sandbox injects one fault
 * per case into the first send (or token) request; every item must end sent exactly once (the
 * sandbox's record shows it) or failed with an error naming the cause, with no duplicate where
 * the vendor may have accepted the message, and waits that honour Retry-After. Workflows:
 * fault-send-continue.json (continueOnFail) and fault-send-stop.json, both concurrency 1, so the
 * fault always hits item 0. Connection refused: fault-send-refused.json, whose credential
 * (test/e2e/credentials/avaya-closed-port.json) points at a loopback port nothing listens on.
 * The secret scan over the whole run is zz-secret-scan.test.ts.
 */
import { randomUUID } from 'node:crypto';

import type { Fault } from '../../sandbox/faults';
import type { AcceptedRecord, RequestRecord } from '../../sandbox/recorder';
import { e2e, executions, nodeError, postJson, productionUrl, sandbox } from '../harness/context';

const SEND_PATH = '/api/v1/custom-messaging/send-message';
const STOP_WORKFLOW = 'e2eFaultSendStop';
const ITEMS = 3;
/** The transport waits for response headers this long (nodes/shared/transport.ts DEFAULT_TIMEOUTS). */
const HEADERS_TIMEOUT_MS = 30_000;

interface FaultCase {
	name: string;
	faults: Array<{ kind: 'send' | 'token'; times?: number; fault: Fault }>;
	/** Item 0's fate: sent (exactly once), or failed with an error matching `cause`. */
	item0: { sent: true } | { sent: false; cause: RegExp; vendorHasIt: boolean };
	/** Send attempts the sandbox recorded for item 0 (answered ones; a reset before reading is not recorded). */
	item0Attempts?: number;
	/** Minimum gap between item 0's first and last recorded attempt. */
	minWaitMs?: number;
	/** Run while the execution is in flight. */
	during?: () => Promise<void>;
	timeoutMs?: number;
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function textOf(record: { body?: unknown; request?: unknown }): string | undefined {
	const body = (record.request ?? record.body) as { body?: { text?: unknown } } | undefined;
	return typeof body?.body?.text === 'string' ? body.body.text : undefined;
}

async function lastSeq(): Promise<number> {
	const client = sandbox();
	const [records, accepted] = await Promise.all([client.records({ vendor: 'avaya' }), client.accepted({ vendor: 'avaya' })]);
	return Math.max(0, ...records.map((r) => r.seq), ...accepted.map((r) => r.seq));
}

async function addFaults(faults: FaultCase['faults']): Promise<void> {
	for (const { kind, times, fault } of faults) {
		await sandbox().addFault({ vendor: 'avaya', kind, path: kind === 'send' ? SEND_PATH : undefined, times, fault });
	}
}

/** The mid-run token expiry: once item 0's send is being held by a delay fault, expire every token. */
async function expireTokensWhileItem0IsHeld(): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		const { fired } = await sandbox().faults();
		if (fired.some((fault) => fault.type === 'delay')) {
			await sandbox().addFault({ vendor: 'avaya', kind: 'token', fault: { type: 'expire-tokens' } });
			return;
		}
		await sleep(50);
	}
	throw new Error('the delay fault never fired');
}

// Made when the fault is added, before the workflow even starts; an HTTP date has whole seconds.
// 5 s leaves room for a slow machine to reach the send before the date has passed.
const retryAfterDate = () => new Date(Date.now() + 5000).toUTCString();

const CASES: FaultCase[] = [
	{ name: '429 with Retry-After in seconds', faults: [{ kind: 'send', fault: { type: 'status', status: 429, retryAfter: '1' } }], item0: { sent: true }, item0Attempts: 2, minWaitMs: 950 },
	{ name: '429 with Retry-After as an HTTP date', faults: [{ kind: 'send', fault: { type: 'status', status: 429, retryAfter: 'DATE' } }], item0: { sent: true }, item0Attempts: 2, minWaitMs: 900 },
	{ name: '503 with Retry-After', faults: [{ kind: 'send', fault: { type: 'status', status: 503, retryAfter: '1' } }], item0: { sent: true }, item0Attempts: 2, minWaitMs: 950 },
	{ name: '503 without Retry-After (backoff)', faults: [{ kind: 'send', fault: { type: 'status', status: 503 } }], item0: { sent: true }, item0Attempts: 2 },
	{
		name: '503 on every attempt',
		faults: [{ kind: 'send', times: 4, fault: { type: 'status', status: 503, retryAfter: '0' } }],
		item0: { sent: false, cause: /HTTP 503/, vendorHasIt: false },
		item0Attempts: 4,
	},
	{
		name: '429 with a Retry-After longer than the transport waits',
		faults: [{ kind: 'send', fault: { type: 'status', status: 429, retryAfter: '3600' } }],
		item0: { sent: false, cause: /HTTP 429/, vendorHasIt: false },
		item0Attempts: 1,
	},
	{ name: '500', faults: [{ kind: 'send', fault: { type: 'status', status: 500 } }], item0: { sent: false, cause: /HTTP 500.*Internal Server Error/, vendorHasIt: false }, item0Attempts: 1 },
	{ name: '502 (another 5xx)', faults: [{ kind: 'send', fault: { type: 'status', status: 502 } }], item0: { sent: false, cause: /HTTP 502/, vendorHasIt: false }, item0Attempts: 1 },
	{
		name: 'connection reset before the vendor read the request',
		faults: [{ kind: 'send', fault: { type: 'reset-before-read' } }],
		item0: { sent: false, cause: /connection was (reset|closed).*may have received the request, so it was not sent again/, vendorHasIt: false },
		item0Attempts: 0,
	},
	{
		name: 'connection reset after the vendor accepted the request',
		faults: [{ kind: 'send', fault: { type: 'reset-after-accept' } }],
		item0: { sent: false, cause: /connection was (reset|closed).*may have received the request, so it was not sent again/, vendorHasIt: true },
		item0Attempts: 1,
	},
	{
		name: 'an answer slower than the transport timeout',
		faults: [{ kind: 'send', fault: { type: 'delay', ms: HEADERS_TIMEOUT_MS + 1500 } }],
		item0: { sent: false, cause: /no answer arrived in time.*may have received the request, so it was not sent again/, vendorHasIt: true },
		timeoutMs: HEADERS_TIMEOUT_MS + 30_000,
	},
	{
		name: 'a token that expires mid-run (401, refetch, resend once)',
		faults: [{ kind: 'send', fault: { type: 'delay', ms: 1500 } }],
		during: expireTokensWhileItem0IsHeld,
		item0: { sent: true },
		item0Attempts: 2,
	},
	{
		name: '503 from the token endpoint (after the tokens expired)',
		faults: [
			{ kind: 'token', fault: { type: 'expire-tokens' } },
			{ kind: 'token', fault: { type: 'status', status: 503, retryAfter: '1' } },
		],
		item0: { sent: true },
		item0Attempts: 2,
	},
];

interface CaseRun {
	outputs: Array<Record<string, unknown>>;
	status: number;
	records: RequestRecord[];
	accepted: AcceptedRecord[];
	texts: string[];
}

async function runCase(testCase: FaultCase, url: string, othersSent = true): Promise<CaseRun> {
	const client = sandbox();
	await client.clearFaults();
	const since = await lastSeq();
	const tag = `fault ${testCase.name} ${randomUUID().slice(0, 8)}`;
	const texts = Array.from({ length: ITEMS }, (_, i) => `${tag} #${i}`);
	await addFaults(testCase.faults.map((f) => (f.fault.type === 'status' && f.fault.retryAfter === 'DATE' ? { ...f, fault: { ...f.fault, retryAfter: retryAfterDate() } } : f)));
	const [response] = await Promise.all([postJson(url, { items: texts.map((text) => ({ text })) }), testCase.during?.()]);
	// A delayed request is still processed (and recorded) by the sandbox after the client gave up.
	const settle = testCase.item0.sent === false && testCase.item0.vendorHasIt ? HEADERS_TIMEOUT_MS / 10 : 300;
	const deadline = Date.now() + settle + 5000;
	let accepted: AcceptedRecord[] = [];
	for (;;) {
		accepted = (await client.accepted({ vendor: 'avaya', since })).filter((r) => texts.includes(textOf(r) ?? ''));
		const wanted = (testCase.item0.sent || testCase.item0.vendorHasIt ? 1 : 0) + (othersSent ? ITEMS - 1 : 0);
		if (accepted.length >= wanted && Date.now() > deadline - 5000) break;
		if (Date.now() > deadline) break;
		await sleep(100);
	}
	const records = (await client.records({ vendor: 'avaya', kind: 'send', since })).filter((r) => texts.includes(textOf(r) ?? ''));
	await client.clearFaults();
	const outputs = Array.isArray(response.json) ? (response.json as Array<Record<string, unknown>>) : [];
	return { outputs, status: response.status, records, accepted, texts };
}

function acceptedCount(run: CaseRun, index: number): number {
	return run.accepted.filter((r) => textOf(r) === run.texts[index]).length;
}

describe('vendor faults under Avaya Send Message (real n8n, continueOnFail)', () => {
	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		const run = await runCase(testCase, productionUrl('e2e-fault-send-continue'));

		// The execution reports every item, in order; the rest are sent whatever happened to item 0.
		expect(run.status).toBe(200);
		expect(run.outputs).toHaveLength(ITEMS);
		for (let index = 1; index < ITEMS; index++) {
			expect(run.outputs[index]).toMatchObject({ messageId: expect.any(String), body: { text: run.texts[index] } });
			expect(acceptedCount(run, index)).toBe(1);
		}
		const item0 = testCase.item0;
		if (item0.sent) {
			expect(run.outputs[0]).toMatchObject({ messageId: expect.any(String), body: { text: run.texts[0] } });
			expect(acceptedCount(run, 0)).toBe(1);
		} else {
			expect(run.outputs[0].messageId).toBeUndefined();
			expect(`${run.outputs[0].error} ${run.outputs[0].description ?? ''}`).toMatch(item0.cause);
			// Zero duplicates: once where the vendor has it, never where it refused.
			expect(acceptedCount(run, 0)).toBe(item0.vendorHasIt ? 1 : 0);
		}
		const item0Records = run.records.filter((r) => textOf(r) === run.texts[0]);
		if (testCase.item0Attempts !== undefined) expect(item0Records).toHaveLength(testCase.item0Attempts);
		if (testCase.minWaitMs !== undefined) {
			const gap = Date.parse(item0Records[item0Records.length - 1].at) - Date.parse(item0Records[0].at);
			expect(gap).toBeGreaterThanOrEqual(testCase.minWaitMs);
		}
	}, 120_000);

	it('refetches exactly one token when the tokens expire mid-run', async () => {
		const before = (await sandbox().tokens()).avaya ?? {};
		const run = await runCase(CASES.find((c) => c.name.startsWith('a token that expires')) as FaultCase, productionUrl('e2e-fault-send-continue'));
		const after = (await sandbox().tokens()).avaya ?? {};
		const requests = (counts: typeof before) => Object.values(counts).reduce((sum, c) => sum + c.requests, 0);
		expect(run.outputs.every((o) => typeof o.messageId === 'string')).toBe(true);
		expect(requests(after) - requests(before)).toBe(1);
		expect(run.records.filter((r) => r.status === 401)).toHaveLength(1);
	}, 60_000);
});

describe('vendor faults under Avaya Send Message (real n8n, stop on fail)', () => {
	it('stops at the failed item, names the cause, and says which items were and were not sent', async () => {
		const run = await runCase(CASES.find((c) => c.name === '500') as FaultCase, productionUrl('e2e-fault-send-stop'), false);
		expect(run.status).toBe(500);
		for (let index = 0; index < ITEMS; index++) expect(acceptedCount(run, index)).toBe(0);
		const failed = (await executions(STOP_WORKFLOW, { finishedOnly: true })).pop();
		expect(failed?.status).toBe('error');
		const error = failed ? nodeError(failed, 'Avaya Send Message') : undefined;
		expect(error?.message).toMatch(/HTTP 500/);
		// Items are numbered as the n8n UI numbers them, from 1.
		expect(error?.description).toMatch(/Item 1 failed\. Items sent: none\. Items not sent: 2-3\./);
	}, 60_000);
});

describe('connection refused (real n8n, a credential whose base URL is a closed loopback port)', () => {
	it('every item fails naming the refusal after retrying, the rest of the run goes on, and nothing reaches the sandbox', async () => {
		const since = await lastSeq();
		const texts = Array.from({ length: ITEMS }, (_, i) => `fault connection refused ${randomUUID().slice(0, 8)} #${i}`);
		const response = await postJson(productionUrl('e2e-fault-send-refused'), { items: texts.map((text) => ({ text })) });

		expect(response.status).toBe(200);
		const outputs = response.json as Array<Record<string, unknown>>;
		expect(outputs).toHaveLength(ITEMS);
		for (const output of outputs) {
			expect(output.messageId).toBeUndefined();
			// The transport's message names host, cause and attempts. (n8n's NodeApiError replaces a message
			// containing ECONNREFUSED with its generic "The service refused the connection - perhaps it is
			// offline" unless the node keeps its own message: that is what this checks.)
			const error = `${output.error} ${output.description ?? ''}`;
			expect(error).toMatch(new RegExp(`127\\.0\\.0\\.1:${e2e().closedPort}: the connection was refused`));
			// Refused means never delivered: retried, and the error says how often.
			const attempts = Number(/after (\d+) attempts?/.exec(error)?.[1]);
			expect(attempts).toBeGreaterThan(1);
			expect(error).toMatch(/did not receive the request/);
		}
		const [records, accepted] = await Promise.all([sandbox().records({ since }), sandbox().accepted({ since })]);
		expect(records.filter((r) => texts.includes(textOf(r) ?? ''))).toEqual([]);
		expect(accepted.filter((r) => texts.includes(textOf(r) ?? ''))).toEqual([]);
	}, 90_000);
});

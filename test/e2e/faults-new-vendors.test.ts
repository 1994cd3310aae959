/**
 * Vendor faults under the Alvaria, Google CCAI Platform and Webex Connect nodes in a real n8n, with
 * the same retry rules as every vendor: 429 and 503 are retried (honouring Retry-After) and the
 * message reaches the vendor exactly once; a 500 is not retried; a reset after the vendor accepted
 * the request is not resent, and the item says the vendor may have it. One fault is injected into
 * the item's request; the workflows continue on fail. Workflows: alvaria-send.json, webex-send.json,
 * templates/ccai-outbound-campaign.json.
 */
import { randomUUID } from 'node:crypto';

import type { Fault } from '../../sandbox/faults';
import type { AcceptedRecord, RequestRecord } from '../../sandbox/recorder';
import { DEFAULT_ALVARIA_ORG } from '../../sandbox/vendors/alvariaConfig';
import { DEFAULT_CCAI_TENANT } from '../../sandbox/vendors/ccaiConfig';
import { e2e, postJson, productionUrl, sandbox } from '../harness/context';

interface Vendor {
	vendor: string;
	kind: string;
	/** POSTs one item carrying `text`; resolves with the item's output (success or error fields). */
	send(text: string, index: number): Promise<Record<string, unknown>>;
	/** The text in a request the sandbox recorded, and in what it accepted. */
	textOf(body: unknown): string | undefined;
	acceptedText(request: unknown): string | undefined;
	succeeded(output: Record<string, unknown>): boolean;
}

const VENDORS: Vendor[] = [
	{
		vendor: 'alvaria',
		kind: 'send',
		send: async (text) => {
			const org = DEFAULT_ALVARIA_ORG;
			const items = [{ userId: org.userIds[0], interactionId: org.seedInteractionIds[0], sessionId: org.seedSessionId, entityName: 'agent', text }];
			return ((await postJson(productionUrl('e2e-alvaria-send'), { items })).json as Array<Record<string, unknown>>)[0];
		},
		textOf: (body) => (body as { text?: string } | undefined)?.text,
		acceptedText: (request) => (request as { text?: string } | undefined)?.text,
		succeeded: (output) => output.accepted === true,
	},
	{
		vendor: 'ccai',
		kind: 'sms',
		send: async (text, index) => {
			const customers = [{ name: text, phone: `+1415555${String(4000 + index)}` }];
			const reply = await postJson(productionUrl('ccai-outbound-campaign'), { customers, outboundNumber: DEFAULT_CCAI_TENANT.outboundNumbers[0], message: '{name}' });
			const [row] = reply.json as Array<Record<string, unknown>>;
			return { ...row, error: row.error || undefined };
		},
		textOf: (body) => (body as { message?: string } | undefined)?.message,
		acceptedText: (request) => (request as { message?: string } | undefined)?.message,
		succeeded: (output) => output.status === 'selecting',
	},
	{
		vendor: 'webex',
		kind: 'messaging',
		send: async (text, index) => {
			// A notify URL that answers 404 (not retried by Webex): the notifications are not under test here.
			const items = [{ to: `+1650555${String(4000 + index)}`, text, notifyUrl: `${e2e().sandboxUrl}/_admin/webex/discarded-notifications` }];
			return ((await postJson(productionUrl('e2e-webex-send'), { items })).json as Array<Record<string, unknown>>)[0];
		},
		textOf: (body) => (body as { channels?: { sms?: { text?: string } } } | undefined)?.channels?.sms?.text,
		acceptedText: (request) => (request as { text?: string } | undefined)?.text,
		succeeded: (output) => output.code === '1001',
	},
];

interface FaultCase {
	name: string;
	fault: Fault;
	sent: boolean;
	requests: number;
	/** The vendor has the message although the item failed. */
	vendorHasIt?: boolean;
	cause?: RegExp;
	minWaitMs?: number;
}

const CASES: FaultCase[] = [
	{ name: '429 with Retry-After', fault: { type: 'status', status: 429, retryAfter: '1' }, sent: true, requests: 2, minWaitMs: 950 },
	{ name: '503 without Retry-After', fault: { type: 'status', status: 503 }, sent: true, requests: 2 },
	{ name: '500', fault: { type: 'status', status: 500 }, sent: false, requests: 1, cause: /HTTP 500|7006/ },
	{ name: 'reset after accept', fault: { type: 'reset-after-accept' }, sent: false, requests: 1, vendorHasIt: true, cause: /may have received the request, so it was not sent again/ },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(VENDORS.map((v) => [v.vendor, v] as const))('faults under the %s node (real n8n, continueOnFail)', (_name, vendor) => {
	it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_case, testCase, index) => {
		const client = sandbox();
		await client.clearFaults();
		const since = Math.max(0, ...(await client.records()).map((r) => r.seq));
		const text = `${vendor.vendor} fault ${randomUUID().slice(0, 8)}`;
		await client.addFault({ vendor: vendor.vendor, kind: vendor.kind, fault: testCase.fault });
		const output = await vendor.send(text, index);
		await sleep(300); // a request processed after its socket was gone is recorded a moment later
		await client.clearFaults();
		const records: RequestRecord[] = (await client.records({ vendor: vendor.vendor, since })).filter((r) => vendor.textOf(r.body) === text);
		const accepted: AcceptedRecord[] = (await client.accepted({ vendor: vendor.vendor, since })).filter((r) => vendor.acceptedText(r.request) === text);

		expect(records).toHaveLength(testCase.requests);
		expect(vendor.succeeded(output)).toBe(testCase.sent);
		// Exactly one copy where the vendor took it, none where it refused: never a duplicate.
		expect(accepted).toHaveLength(testCase.sent || testCase.vendorHasIt ? 1 : 0);
		if (testCase.cause) expect(`${output.error} ${output.description ?? ''}`).toMatch(testCase.cause);
		if (testCase.minWaitMs !== undefined) {
			expect(Date.parse(records[records.length - 1].at) - Date.parse(records[0].at)).toBeGreaterThanOrEqual(testCase.minWaitMs);
		}
	}, 60_000);
});

/**
 * Version 2 of the triggers is version 1 with one n8n cost less (n8n evaluates a legacy option of
 * version-1 start nodes in its expression engine on every request). Proven here in a real n8n:
 * the same requests, posted to a version-1 and a version-2 trigger of otherwise identical
 * workflows, get the same answers and store the same items. Workflows: the v1 ones of
 * avaya-trigger.test.ts and genesys-trigger.test.ts, and test/e2e/workflows/trigger-v2-*.json.
 */
import { SIGNATURE as AVAYA_SIGNATURE } from '../../nodes/AvayaInfinity/contract';
import { sign } from '../../nodes/shared/signature';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { buildAgentMessage, encodeAgentMessage } from '../../sandbox/vendors/genesysEvents';
import { avayaHealthCheck, avayaMessage, e2e, executions, executionsFinished, nodeOutput, postRaw, webhookUrl, type HttpResult } from '../harness/context';

interface Contender {
	workflowId: string;
	url: () => string;
	trigger: string;
}

interface Pair {
	v1: Contender;
	v2: Contender;
}

const AVAYA: Pair = {
	v1: { workflowId: 'e2eAvayaTrigDef1', url: () => webhookUrl('e2e-avaya-trigger-default'), trigger: 'Avaya Infinity Trigger' },
	v2: { workflowId: 'e2eTrigV2Avaya01', url: () => webhookUrl('e2e-avaya-trigger-v2-default'), trigger: 'Avaya Infinity Trigger' },
};
const GENESYS: Pair = {
	v1: { workflowId: 'e2eGenTrigDef01', url: () => webhookUrl('e2e00000-0000-4000-8000-00000000c7a1'), trigger: 'Genesys Trigger' },
	v2: { workflowId: 'e2eTrigV2Genes01', url: () => webhookUrl('e2e-genesys-trigger-v2-default'), trigger: 'Genesys Trigger' },
};
const GENESYS_FINISHED: Pair = {
	v1: { workflowId: 'e2eGenTrigFin01', url: () => webhookUrl('e2e00000-0000-4000-8000-00000000c7a2'), trigger: 'Genesys Trigger' },
	v2: { workflowId: 'e2eTrigV2GenFin1', url: () => webhookUrl('e2e-genesys-trigger-v2-finished'), trigger: 'Genesys Trigger' },
};

interface Sent {
	body: string;
	headers: Record<string, string>;
}

const count = async (contender: Contender) => (await executions(contender.workflowId)).length;

/**
 * The answer's body, less the stack trace n8n 1.x adds to its own error answers: it names the
 * line of n8n's source that called its body parser, which differs between the two versions' paths.
 */
function answerOf(result: HttpResult): unknown {
	if (!result.json || typeof result.json !== 'object') return result.text;
	const body: Record<string, unknown> = { ...(result.json as Record<string, unknown>) };
	delete body.stacktrace;
	return body;
}

/** What a request did to one trigger: its answer, and the items of the runs it started (none: []). */
async function outcome(contender: Contender, sent: Sent, runs: number): Promise<{ status: number; answer: unknown; items: unknown[] }> {
	const before = await count(contender);
	const answer: HttpResult = await postRaw(contender.url(), sent.body, sent.headers);
	const finished = runs ? await executionsFinished(contender.workflowId, before + runs) : [];
	// Settle: a request that should start no run must not have started one late.
	if (!runs) await new Promise((resolve) => setTimeout(resolve, 500));
	expect(await count(contender)).toBe(before + runs);
	return { status: answer.status, answer: answerOf(answer), items: finished.slice(before).map((execution) => nodeOutput(execution, contender.trigger)) };
}

/** Posts the same request to both versions and expects the same outcome, which it returns. */
async function sameOutcome(pair: Pair, sent: Sent, runs: number) {
	const v1 = await outcome(pair.v1, sent, runs);
	const v2 = await outcome(pair.v2, sent, runs);
	expect(v2).toEqual(v1);
	return v1;
}

function signedAvaya(event: unknown, contentType = 'application/json', secret = e2e().avaya.webhookSecret): Sent {
	const body = typeof event === 'string' ? event : JSON.stringify(event);
	return { body, headers: { 'content-type': contentType, [AVAYA_SIGNATURE.header]: sign(AVAYA_SIGNATURE, secret, body) } };
}

function signedGenesys(text: string, messageId: string): Sent {
	const tenant = DEFAULT_GENESYS_TENANT;
	const message = buildAgentMessage({ channelId: tenant.channelId, from: tenant.businessIds[0], to: '16504661149', text, messageId });
	const { bytes, headers } = encodeAgentMessage(message, {}, tenant.appSecret);
	return { body: bytes, headers };
}

function multipart(field: string, value: string): Sent {
	const boundary = 'trigger-versions-boundary';
	const body = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n--${boundary}--\r\n`;
	return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('trigger version 2 = version 1 (real n8n)', () => {
	it('Avaya: a signed message runs once with the same item', async () => {
		const result = await sameOutcome(AVAYA, signedAvaya(avayaMessage('agent', 'same in both versions')), 1);
		expect(result.status).toBe(200);
		expect(result.items[0]).toEqual([expect.objectContaining({ text: 'same in both versions', senderType: 'agent' })]);
	});

	it.each([
		['text/plain', 200, 1],
		['application/octet-stream (a type n8n does not parse for version 2)', 200, 1],
		['application/vnd.avaya+json', 200, 1],
	])('Avaya: signed JSON bytes sent as %s get the same answer and run', async (label, status, runs) => {
		const result = await sameOutcome(AVAYA, signedAvaya(avayaMessage('bot', `as ${label}`), label.split(' ')[0]), runs);
		expect(result.status).toBe(status);
	});

	it.each([
		['unsigned', { body: JSON.stringify(avayaMessage('agent', 'unsigned')), headers: { 'content-type': 'application/json' } }, 401],
		['forged', signedAvaya(avayaMessage('agent', 'forged'), 'application/json', 'forged-example-secret'), 401],
		['a JSON array', signedAvaya('["messages"]'), 400],
		['malformed JSON (n8n answers 422)', signedAvaya('{"eventType": "messages", '), 422],
		['malformed JSON sent as application/octet-stream', signedAvaya('{"eventType": "messages", ', 'application/octet-stream'), 400],
		['multipart form data', multipart('event', JSON.stringify(avayaMessage('agent', 'as a form'))), 415],
		['a signed health check', signedAvaya(avayaHealthCheck()), 200],
	])('Avaya: %s gets the same answer and starts no run', async (_label, sent, status) => {
		const result = await sameOutcome(AVAYA, sent, 0);
		expect(result.status).toBe(status);
	});

	it('Genesys: a signed agent message answers {"messageId"} and runs once with the same item', async () => {
		const messageId = `versions-${Date.now()}`;
		const result = await sameOutcome(GENESYS, signedGenesys('same in both versions', messageId), 1);
		expect(result.status).toBe(200);
		expect(result.answer).toEqual({ messageId });
	});

	it('Genesys, "Answer When Workflow Finished": the same {"messageId"} after a successful run, the same 500 after a failed one', async () => {
		const succeeded = await sameOutcome(GENESYS_FINISHED, signedGenesys('all good', `versions-ok-${Date.now()}`), 1);
		expect(succeeded.status).toBe(200);
		const failed = await sameOutcome(GENESYS_FINISHED, signedGenesys('please FAIL', `versions-fail-${Date.now()}`), 1);
		expect(failed.status).toBe(500);
	});
});

/**
 * The Avaya Infinity node's Send Message in a real n8n, against the sandbox: a workflow started by
 * an n8n Webhook node (responseMode lastNode) passes the request body to the node.
 * Workflows: test/e2e/workflows/avaya-send*.json.
 */
import type { AcceptedRecord, RequestRecord } from '../../sandbox/recorder';
import {
	e2e,
	executions,
	executionsFinished,
	nodeError,
	nodeOutput,
	postJson,
	productionUrl,
	sandbox,
	type StoredExecution,
} from '../harness/context';

const SEND_WORKFLOW = 'e2eAvayaSendExpr';
const WRONG_CONNECTOR_WORKFLOW = 'e2eAvayaSendWC01';
const ACCOUNT_PATH_WORKFLOW = 'e2eAvayaSendAP01';
const NODE = 'Avaya Send Message';
const END_USER = '+14155550123';

/** The highest sequence number the sandbox has handed out so far (records after it are new). */
async function sandboxMark(): Promise<number> {
	const client = sandbox();
	const [records, accepted] = await Promise.all([client.records(), client.accepted()]);
	return Math.max(0, ...records.map((record) => record.seq), ...accepted.map((record) => record.seq));
}

async function avayaRequestsSince(since: number): Promise<RequestRecord[]> {
	return sandbox().records({ vendor: 'avaya', since });
}

async function avayaAcceptedSince(since: number): Promise<AcceptedRecord[]> {
	return sandbox().accepted({ vendor: 'avaya', since });
}

/** POSTs the body to the workflow's Webhook node and returns the reply and the execution it started. */
async function runSend(path: string, workflowId: string, body: Record<string, unknown>) {
	const before = (await executions(workflowId)).length;
	const reply = await postJson(productionUrl(path), body);
	const finished = await executionsFinished(workflowId, before + 1);
	const execution: StoredExecution = finished[finished.length - 1];
	return { reply, execution };
}

function send(body: Record<string, unknown>) {
	return runSend('e2e-avaya-send', SEND_WORKFLOW, { from: END_USER, destination: e2e().avaya.registeredNumber, ...body });
}

function expectVendorFailure(execution: StoredExecution, status: number, vendorText: string): void {
	expect(execution.status).toBe('error');
	const error = nodeError(execution, NODE);
	expect(error).toBeDefined();
	expect(error?.httpCode).toBe(String(status));
	expect(`${error?.message} ${error?.description ?? ''}`).toContain(`${status}`);
	expect(`${error?.message} ${error?.description ?? ''}`).toContain(vendorText);
}

describe('Avaya Infinity Send Message (real n8n)', () => {
	afterEach(async () => {
		await sandbox().clearFaults();
	});

	it('sends the message, and the item carries what Avaya answered', async () => {
		const mark = await sandboxMark();

		const { reply, execution } = await send({ text: 'Hello from the e2e test', caseId: 'case-42' });

		expect(execution.status).toBe('success');
		const [item] = nodeOutput(execution, NODE);
		expect(item).toMatchObject({
			messageId: expect.any(String),
			conversationSessionId: expect.any(String),
			accountId: e2e().avaya.accountId,
			connectorId: e2e().avaya.connectorId,
			channel: 'text',
			headers: { from: END_USER, destination: e2e().avaya.registeredNumber, to: [e2e().avaya.registeredNumber] },
			body: { text: 'Hello from the e2e test' },
		});
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({ messageId: item.messageId });

		const accepted = await avayaAcceptedSince(mark);
		expect(accepted).toHaveLength(1);
		expect(accepted[0].id).toBe(item.messageId);
		expect(accepted[0].path).toBe('/avaya/api/v1/custom-messaging/send-message');
		expect(accepted[0].request).toEqual({
			connectorId: e2e().avaya.connectorId,
			channel: 'text',
			headers: { from: END_USER, to: [e2e().avaya.registeredNumber], destination: e2e().avaya.registeredNumber },
			body: { text: 'Hello from the e2e test' },
			contextParameters: { caseId: 'case-42' },
		});
		const sends = (await avayaRequestsSince(mark)).filter((record) => record.kind === 'send');
		expect(sends.map((record) => record.headers['content-type'])).toEqual(['application/json']);
		expect(sends[0].headers.authorization).toBe('Bearer <redacted>');
	});

	it('uses the account-scoped path and the "To" option when configured', async () => {
		const mark = await sandboxMark();
		const to = `${e2e().avaya.registeredNumber}, +18777777778`;

		const { execution } = await runSend('e2e-avaya-send-account-path', ACCOUNT_PATH_WORKFLOW, {
			from: END_USER,
			destination: e2e().avaya.registeredNumber,
			text: 'account path',
			to,
		});

		expect(execution.status).toBe('success');
		const accepted = await avayaAcceptedSince(mark);
		expect(accepted.map((record) => record.path)).toEqual([
			`/avaya/api/digital/messaging/v1/accounts/${e2e().avaya.accountId}/messages`,
		]);
		expect(accepted[0].request).toMatchObject({ headers: { to: [e2e().avaya.registeredNumber, '+18777777778'] } });
	});

	it('fails with the vendor status and violation when the destination is not registered to the connector (400)', async () => {
		const mark = await sandboxMark();
		const { reply, execution } = await send({ destination: '+18005550199', text: 'to an unregistered number' });

		expect(reply.status).toBeGreaterThanOrEqual(500);
		expectVendorFailure(execution, 400, 'headers.destination');
		expect(await avayaAcceptedSince(mark)).toEqual([]);
	});

	it('refetches the token once when Avaya answers 401 (expired token) and then succeeds', async () => {
		await send({ text: 'warm the token cache' });
		const client = sandbox();
		const tokensBefore = await client.tokens();
		const mark = await sandboxMark();
		await client.addFault({ vendor: 'avaya', kind: 'token', fault: { type: 'expire-tokens' } });

		const { execution } = await send({ text: 'after the tokens expired' });

		expect(execution.status).toBe('success');
		const requests = await avayaRequestsSince(mark);
		expect(requests.map((record) => `${record.kind} ${record.status}`)).toEqual(['send 401', 'token 200', 'send 200']);
		const tokensAfter = await client.tokens();
		const clientId = e2e().avaya.clientId;
		expect(tokensAfter.avaya[clientId].issued).toBe(tokensBefore.avaya[clientId].issued + 1);
		expect(await avayaAcceptedSince(mark)).toHaveLength(1);
	});

	it('fails with 403 when the connector id option is not the credential\'s connector', async () => {
		const mark = await sandboxMark();
		const { execution } = await runSend('e2e-avaya-send-wrong-connector', WRONG_CONNECTOR_WORKFLOW, {
			from: END_USER,
			destination: e2e().avaya.registeredNumber,
			text: 'wrong connector',
		});

		expectVendorFailure(execution, 403, 'does not have permission');
		const sends = (await avayaRequestsSince(mark)).filter((record) => record.kind === 'send');
		expect(sends.map((record) => record.status)).toEqual([403]);
		expect(sends[0].body).toMatchObject({ connectorId: 'b3b33b33-c77c-4444-a9a9-ee222e222e22' });
	});

	it('fails with 500 when Avaya has an internal error, without sending again', async () => {
		const mark = await sandboxMark();
		await sandbox().addFault({ vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 500 } });

		const { execution } = await send({ text: 'meets a 500' });

		expectVendorFailure(execution, 500, 'internal server error');
		const sends = (await avayaRequestsSince(mark)).filter((record) => record.kind === 'send');
		expect(sends.map((record) => record.status)).toEqual([500]);
	});

	it('retries a 429 with Retry-After and sends the message once', async () => {
		const mark = await sandboxMark();
		await sandbox().addFault({ vendor: 'avaya', kind: 'send', fault: { type: 'status', status: 429, retryAfter: '1' } });

		const { execution } = await send({ text: 'after a 429' });

		expect(execution.status).toBe('success');
		const sends = (await avayaRequestsSince(mark)).filter((record) => record.kind === 'send');
		expect(sends.map((record) => record.status)).toEqual([429, 200]);
		expect(await avayaAcceptedSince(mark)).toHaveLength(1);
	});

	it.each([
		['an end-user number that is not a phone number', { from: 'not-a-number', text: 'hello' }, 'From'],
		['a text longer than 1024 characters', { text: 'x'.repeat(1025) }, 'Text'],
	])('rejects %s before sending anything', async (_case, body, field) => {
		const mark = await sandboxMark();

		const { execution } = await send(body);

		expect(execution.status).toBe('error');
		const error = nodeError(execution, NODE);
		expect(`${error?.message} ${error?.description ?? ''}`).toContain(field);
		expect(await avayaRequestsSince(mark)).toEqual([]);
	});
});

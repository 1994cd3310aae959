/** The Avaya trigger's webhook(): signature, health check, sender filter, replays, bad bodies. */
import { randomUUID } from 'node:crypto';
import { mock } from 'jest-mock-extended';
import type { IWebhookFunctions, IWebhookResponseData, INode, Workflow } from 'n8n-workflow';

import { AvayaInfinityTrigger } from '../../nodes/AvayaInfinity/AvayaInfinityTrigger.node';
import { SIGNATURE } from '../../nodes/AvayaInfinity/contract';
import { sign } from '../../nodes/shared/signature';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { buildMessagesEvent, messageRoute } from '../../sandbox/vendors/avayaEvents';
import { FakeResponse } from './support/n8nContexts';

const SECRET = 'avaya-webhook-secret-example';

const BUSINESS_NUMBER = DEFAULT_AVAYA_TENANT.registeredNumbers[0];
const END_USER = '+14155550123';

function messageEvent(overrides: Record<string, unknown> = {}) {
	const event = buildMessagesEvent(DEFAULT_AVAYA_TENANT, { senderType: 'agent', text: 'Hello from the agent', ...messageRoute('agent', END_USER, BUSINESS_NUMBER) });
	return { ...event, ...overrides };
}

interface Call {
	raw: Buffer;
	headers?: Record<string, string>;
	secret?: string;
	senderTypes?: string[];
	options?: Record<string, unknown>;
	nodeId?: string;
}

async function call({ raw, headers = {}, secret = SECRET, senderTypes = ['agent', 'bot'], options = {}, nodeId = randomUUID() }: Call) {
	const ctx = mock<IWebhookFunctions>();
	const res = new FakeResponse();
	ctx.getRequestObject.mockReturnValue({ headers, rawBody: raw, body: {} } as never);
	ctx.getResponseObject.mockReturnValue(res as never);
	ctx.getCredentials.mockResolvedValue({ baseUrl: 'http://x', clientId: 'c', clientSecret: 's', connectorId: 'k', webhookSecret: secret });
	ctx.getNodeParameter.mockImplementation(((name: string) => (name === 'senderTypes' ? senderTypes : options)) as never);
	ctx.getWorkflow.mockReturnValue({ id: 'wf-1' } as Workflow);
	ctx.getNode.mockReturnValue({ id: nodeId } as INode);
	const result: IWebhookResponseData = await new AvayaInfinityTrigger().webhook.call(ctx);
	return { result, res };
}

function signed(body: object | string, secret = SECRET) {
	const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	return { raw, headers: { [SIGNATURE.header]: sign(SIGNATURE, secret, raw) } };
}

test('a correctly signed agent message starts one run with the builder\'s fields at the top', async () => {
	const event = messageEvent();
	const { result } = await call(signed(event));
	expect(result.workflowData).toHaveLength(1);
	const json = result.workflowData![0][0].json;
	expect(json).toMatchObject({
		eventId: event.eventId,
		messageId: event.messageId,
		conversationSessionId: event.conversationSessionId,
		from: BUSINESS_NUMBER,
		to: END_USER,
		recipients: [END_USER],
		text: 'Hello from the agent',
		senderType: 'agent',
	});
	expect(json.event).toEqual(event);
	expect(result.webhookResponse).toEqual({ status: 'accepted', eventId: event.eventId });
});

test('a missing signature gets 401 and no run', async () => {
	const { result, res } = await call({ raw: Buffer.from(JSON.stringify(messageEvent())) });
	expect(result).toEqual({ noWebhookResponse: true });
	expect(res.statusCode).toBe(401);
	expect(JSON.stringify(res.body)).toContain('Missing x-avaya-event-signature');
});

test('a forged signature gets 401 and no run', async () => {
	const { result, res } = await call(signed(messageEvent(), 'attacker-secret-example'));
	expect(result.workflowData).toBeUndefined();
	expect(res.statusCode).toBe(401);
});

test('a valid signature over different bytes gets 401', async () => {
	const { headers } = signed(messageEvent());
	const { result, res } = await call({ raw: Buffer.from(JSON.stringify(messageEvent({ body: { text: 'changed' } }))), headers });
	expect(result.workflowData).toBeUndefined();
	expect(res.statusCode).toBe(401);
});

test('pretty-printed JSON whose compact form was signed (Avaya\'s own example) is accepted', async () => {
	const event = messageEvent();
	const { headers } = signed(event);
	const { result } = await call({ raw: Buffer.from(JSON.stringify(event, null, 2)), headers });
	expect(result.workflowData).toHaveLength(1);
});

test('without a webhook secret, unsigned events are accepted (Avaya signs only when a Secret Key is set)', async () => {
	const { result } = await call({ raw: Buffer.from(JSON.stringify(messageEvent())), secret: '' });
	expect(result.workflowData).toHaveLength(1);
});

test('health_check is answered 200 without a run, or with one when asked', async () => {
	const check = { eventType: 'health_check', eventId: randomUUID(), eventTimestamp: '2025-09-14T16:49:22.219Z', accountId: 'a', connectorId: 'c' };
	const quiet = await call(signed(check));
	expect(quiet.result.workflowData).toBeUndefined();
	expect(quiet.result.webhookResponse).toEqual({ status: 'ok' });
	const emitted = await call({ ...signed(check), options: { emitHealthCheck: true } });
	expect(emitted.result.workflowData?.[0][0].json.eventType).toBe('health_check');
});

test('a health_check with a bad signature is still rejected', async () => {
	const check = { eventType: 'health_check', eventId: 'h', eventTimestamp: 't', accountId: 'a', connectorId: 'c' };
	const { res } = await call(signed(check, 'wrong-secret-example'));
	expect(res.statusCode).toBe(401);
});

test('customer messages are filtered out by default, and pass when selected; case does not matter', async () => {
	const customer = messageEvent({ sender: { type: 'CUSTOMER' } });
	const filtered = await call(signed(customer));
	expect(filtered.result.workflowData).toBeUndefined();
	expect(filtered.result.webhookResponse).toMatchObject({ status: 'ignored' });
	const selected = await call({ ...signed(customer), senderTypes: ['customer'] });
	expect(selected.result.workflowData?.[0][0].json.senderType).toBe('customer');
});

test('the same eventId after its 200 went out answers 200 and starts no run', async () => {
	const nodeId = randomUUID();
	const event = signed(messageEvent());
	const first = await call({ ...event, nodeId });
	expect(first.result.workflowData).toHaveLength(1);
	first.res.finish(200);
	const again = await call({ ...event, nodeId });
	expect(again.result.workflowData).toBeUndefined();
	expect(again.result.webhookResponse).toMatchObject({ status: 'duplicate' });
});

test('an event n8n could not accept (5xx) is processed again on redelivery', async () => {
	const nodeId = randomUUID();
	const event = signed(messageEvent());
	const first = await call({ ...event, nodeId });
	first.res.finish(500);
	const again = await call({ ...event, nodeId });
	expect(again.result.workflowData).toHaveLength(1);
});

test('a redelivery while the first is still being handed over gets 503 with Retry-After', async () => {
	const nodeId = randomUUID();
	const event = signed(messageEvent());
	await call({ ...event, nodeId });
	const concurrent = await call({ ...event, nodeId });
	expect(concurrent.result.workflowData).toBeUndefined();
	expect(concurrent.res.statusCode).toBe(503);
	expect(concurrent.res.headers['retry-after']).toBe('2');
});

test.each([
	['not JSON', 'hello', /not a JSON object/],
	['an array', '[1,2]', /not a JSON object/],
	['empty', '', /not a JSON object/],
])('a body that is %s gets 400', async (_name, body, message) => {
	const { result, res } = await call(signed(body));
	expect(result.workflowData).toBeUndefined();
	expect(res.statusCode).toBe(400);
	expect(JSON.stringify(res.body)).toMatch(message);
});

test('a messages event lacking required fields gets 400 naming them', async () => {
	const event: Record<string, unknown> = messageEvent();
	delete event.conversationSessionId;
	(event.body as Record<string, unknown>).text = 42;
	const { res } = await call(signed(event));
	expect(res.statusCode).toBe(400);
	expect(JSON.stringify(res.body)).toContain('conversationSessionId');
	expect(JSON.stringify(res.body)).toContain('body.text');
});

test('an unknown event type is acknowledged and starts no run', async () => {
	const { result } = await call(signed({ eventType: 'typing', eventId: 'x' }));
	expect(result.workflowData).toBeUndefined();
	expect(result.webhookResponse).toMatchObject({ status: 'ignored' });
});

/** The Genesys trigger's webhook(): signature, the {"messageId"} answer, message shapes, redelivery, both answer modes. */
import { randomUUID } from 'node:crypto';
import { mock } from 'jest-mock-extended';
import type { IWebhookFunctions, IWebhookResponseData, INode, Logger, Workflow } from 'n8n-workflow';

import { SIGNATURE } from '../../nodes/GenesysMulticloud/contract';
import { GenesysMulticloudTrigger } from '../../nodes/GenesysMulticloud/GenesysMulticloudTrigger.node';
import { sign } from '../../nodes/shared/signature';
import { buildAgentMessage } from '../../sandbox/vendors/genesysEvents';
import { FakeResponse } from './support/n8nContexts';

const SECRET = 'genesys-app-secret-example';

function textMessage(messageId = `${Date.now()}-${randomUUID()}`) {
	return buildAgentMessage({ channelId: '0123456789', from: '0123456789', to: '16504661149', text: 'Agent message text', messageId });
}

const emailMessage = {
	channel: {
		id: 'company.com',
		type: 'email',
		from: { id: 'no-reply@company.com' },
		to: { id: 'recipient-1@mail.com' },
		messageId: 'f7acbac6-68db-4031-aec2-4bbd02627c4b',
		context: { replyTo: { id: 'reply-to@company.com', name: 'Responder display name' } },
	},
	type: 'Email',
	subject: 'Subject',
	content: [
		{ type: 'text', text: 'Plain text email body' },
		{ type: 'html', text: 'Html email body' },
	],
};

interface Call {
	raw: Buffer;
	headers?: Record<string, string>;
	secret?: string;
	options?: Record<string, unknown>;
	nodeId?: string;
}

async function call({ raw, headers = {}, secret = SECRET, options = {}, nodeId = randomUUID() }: Call) {
	const ctx = mock<IWebhookFunctions>();
	const res = new FakeResponse();
	ctx.getRequestObject.mockReturnValue({ headers, rawBody: raw, body: {} } as never);
	ctx.getResponseObject.mockReturnValue(res as never);
	ctx.getCredentials.mockResolvedValue({ baseUrl: 'http://x', channelId: 'c', appSecret: secret, ccid: 'k' });
	ctx.getNodeParameter.mockImplementation((() => options) as never);
	ctx.getWorkflow.mockReturnValue({ id: 'wf-1' } as Workflow);
	ctx.getNode.mockReturnValue({ id: nodeId } as INode);
	Object.defineProperty(ctx, 'logger', { value: mock<Logger>() });
	const result: IWebhookResponseData = await new GenesysMulticloudTrigger().webhook.call(ctx);
	return { result, res };
}

function signed(body: object | string, secret = SECRET) {
	const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	return { raw, headers: { [SIGNATURE.header]: sign(SIGNATURE, secret, raw), 'x-b3-traceid': '05bb858a-3468-4c82-a8ce-3bla9c4e4b67' } };
}

describe('signature', () => {
	it('a valid signature starts a run and answers {"messageId"} through n8n', async () => {
		const message = textMessage('1613474523265-0');
		const { result } = await call(signed(message));
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.webhookResponse).toEqual({ messageId: '1613474523265-0' });
		const item = result.workflowData?.[0][0].json;
		expect(item).toEqual({
			messageId: '1613474523265-0',
			from: '0123456789',
			to: '16504661149',
			channelId: '0123456789',
			channelType: 'sms',
			messageType: 'Text',
			text: 'Agent message text',
			traceId: '05bb858a-3468-4c82-a8ce-3bla9c4e4b67',
			payload: message,
		});
	});

	it.each([
		['missing', {}, 'Missing X-Hub-Signature header'],
		['forged', { [SIGNATURE.header]: sign(SIGNATURE, 'forged-secret-example', JSON.stringify(textMessage('x'))) }, 'Invalid signature'],
		['not prefixed', { [SIGNATURE.header]: sign(SIGNATURE, SECRET, JSON.stringify(textMessage('x'))).slice(5) }, 'Invalid signature'],
	])('a %s signature answers 401 and starts nothing', async (_name, headers, error) => {
		const { result, res } = await call({ raw: Buffer.from(JSON.stringify(textMessage('x'))), headers: headers as Record<string, string> });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(401);
		expect(res.body).toEqual({ error });
	});

	it('a body changed after signing is refused', async () => {
		const { headers } = signed(textMessage('x'));
		const { result, res } = await call({ raw: Buffer.from(JSON.stringify({ ...textMessage('x'), text: 'changed' })), headers });
		expect(result.workflowData).toBeUndefined();
		expect(res.statusCode).toBe(401);
	});

	it('a multipart body (already consumed by n8n) cannot be verified: 415, no run', async () => {
		const { result, res } = await call({ raw: undefined as unknown as Buffer, headers: { 'content-type': 'multipart/form-data; boundary=x' } });
		expect(result.workflowData).toBeUndefined();
		expect(res.statusCode).toBe(415);
	});

	it('without an app secret every request is refused', async () => {
		const { result, res } = await call({ ...signed(textMessage()), secret: '' });
		expect(result.workflowData).toBeUndefined();
		expect(res.statusCode).toBe(401);
	});

	it('verifies the exact bytes (pretty-printed JSON signed as sent)', async () => {
		const { result } = await call(signed(JSON.stringify(textMessage('pretty-1'), null, 2)));
		expect(result.webhookResponse).toEqual({ messageId: 'pretty-1' });
	});
});

describe('messages', () => {
	it('an e-mail comes through intact, with subject, text, html and replyTo at the top level', async () => {
		const { result } = await call(signed(emailMessage));
		expect(result.webhookResponse).toEqual({ messageId: emailMessage.channel.messageId });
		expect(result.workflowData?.[0][0].json).toMatchObject({
			messageId: emailMessage.channel.messageId,
			from: 'no-reply@company.com',
			to: 'recipient-1@mail.com',
			channelType: 'email',
			messageType: 'Email',
			subject: 'Subject',
			text: 'Plain text email body',
			html: 'Html email body',
			replyTo: { id: 'reply-to@company.com', name: 'Responder display name' },
			payload: emailMessage,
		});
	});

	it('{"messages":[…]} gives one item per message and answers the first messageId', async () => {
		const a = textMessage();
		const b = textMessage();
		const { result } = await call(signed({ messages: [a, b] }));
		expect(result.workflowData?.[0].map((item) => item.json.messageId)).toEqual([a.channel.messageId, b.channel.messageId]);
		expect(result.webhookResponse).toEqual({ messageId: a.channel.messageId, messageIds: [a.channel.messageId, b.channel.messageId] });
	});

	it('keeps unknown fields in the payload', async () => {
		const message = { ...textMessage(), futureField: { nested: true } };
		const { result } = await call(signed(message));
		expect(result.workflowData?.[0][0].json.payload).toEqual(message);
	});

	it.each([
		['not JSON', 'not json', 'The body is not a JSON object'],
		['no message', '{}', 'The body holds no message'],
		['no messageId', JSON.stringify({ channel: { from: { id: 'a' } }, type: 'Text', text: 'x' }), 'The message lacks: channel.messageId'],
	])('%s → 400, no run', async (_name, body, error) => {
		const { result, res } = await call(signed(body));
		expect(result.workflowData).toBeUndefined();
		expect(res.statusCode).toBe(400);
		expect(res.body).toEqual({ error });
	});
});

describe('message types', () => {
	it.each(['Receipt', 'Image', 'Typing', 'sms', 'unknown', ' Text'])('type %j → 400 unsupported message type, no run', async (type) => {
		const { result, res } = await call(signed({ ...textMessage(), type }));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(400);
		expect(res.body).toEqual({ error: `unsupported message type ${JSON.stringify(type)}` });
	});

	it('a {"messages":[…]} body with one unsupported type is refused as a whole (no partial run)', async () => {
		const { result, res } = await call(signed({ messages: [textMessage(), { ...textMessage(), type: 'Carousel' }] }));
		expect(result.workflowData).toBeUndefined();
		expect(res.statusCode).toBe(400);
		expect(res.body).toEqual({ error: 'unsupported message type "Carousel"' });
	});

	it('a message type that is not a string is a missing type (400)', async () => {
		const { res } = await call(signed({ ...textMessage(), type: 42 }));
		expect(res.statusCode).toBe(400);
		expect(res.body).toEqual({ error: 'The message lacks: type' });
	});

	it.each([
		['text', 'Text'],
		['TEXT', 'Text'],
		['email', 'Email'],
	])('type %j differs from the document only in case: it runs, with messageType %j (payload as sent)', async (type, messageType) => {
		const message = { ...textMessage(), type };
		const { result } = await call(signed(message));
		expect(result.workflowData?.[0][0].json).toMatchObject({ messageType, payload: message });
	});
});

describe('redelivery', () => {
	it('a messageId accepted before answers 200 with the same messageId and starts no run', async () => {
		const nodeId = randomUUID();
		const message = signed(textMessage('redelivered-1'));
		const first = await call({ ...message, nodeId });
		expect(first.result.workflowData).toHaveLength(1);
		first.res.finish(200);
		const second = await call({ ...message, nodeId });
		expect(second.result.workflowData).toBeUndefined();
		expect(second.result.webhookResponse).toEqual({ messageId: 'redelivered-1' });
	});

	it('while the first delivery is still being accepted, a redelivery gets 503 (Genesys retries 5xx)', async () => {
		const nodeId = randomUUID();
		const message = signed(textMessage('pending-1'));
		await call({ ...message, nodeId });
		const second = await call({ ...message, nodeId });
		expect(second.result).toEqual({ noWebhookResponse: true });
		expect(second.res.statusCode).toBe(503);
	});

	it('when n8n could not accept the execution (5xx), the redelivery runs', async () => {
		const nodeId = randomUUID();
		const message = signed(textMessage('failed-1'));
		const first = await call({ ...message, nodeId });
		first.res.finish(500);
		const second = await call({ ...message, nodeId });
		expect(second.result.workflowData).toHaveLength(1);
	});
});

describe('answer modes', () => {
	it('default: n8n answers once it accepted the execution, with webhookResponse (responseData "")', () => {
		const [webhook] = new GenesysMulticloudTrigger().description.webhooks ?? [];
		expect(webhook.responseMode).toContain('"onReceived"');
		expect(webhook.responseData).toContain('""');
	});

	it('"answer when finished": the successful answer n8n sends after the run becomes {"messageId"}; failures pass through', async () => {
		const { result, res } = await call({ ...signed(textMessage('finished-1')), options: { answerWhenFinished: true } });
		expect(result.workflowData).toHaveLength(1);
		res.status(200).json(undefined); // n8n, lastNode + noData, after a successful run
		expect(res.body).toEqual({ messageId: 'finished-1' });

		const failed = await call({ ...signed(textMessage('finished-2')), options: { answerWhenFinished: true } });
		failed.res.status(500).json({ message: 'Error in workflow' });
		expect(failed.res.body).toEqual({ message: 'Error in workflow' });
	});
});

import { request } from 'undici';

import { SandboxClient } from '../../sandbox/client';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { ChatMessage, ToolCall } from '../../sandbox/vendors/llmChat';
import { DEFAULT_LLM_API_KEY } from '../../sandbox/vendors/llmConfig';

/** The endpoint's answers, the fields these tests read. */
interface Answer {
	object: string;
	model: string;
	data: Array<{ id: string }>;
	choices: Array<{ index: number; finish_reason: string; message: ChatMessage & { tool_calls: ToolCall[] } }>;
	usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
	error: { message: string; type: string; code: string | null };
}

let sandbox: Sandbox;
let admin: SandboxClient;

const MODEL = 'unit-model';
const SEND_TOOL = {
	type: 'function',
	function: {
		name: 'Send_SMS',
		description: 'Send an SMS',
		parameters: {
			type: 'object',
			properties: { to: { type: 'string' }, text: { type: 'string' } },
			required: ['to', 'text'],
			additionalProperties: false,
		},
	},
};
const USER = { role: 'user', content: 'Text +15551234567 that the parcel is late' };

beforeAll(async () => {
	sandbox = await startSandbox({
		port: 0,
		config: { llm: { models: { [MODEL]: { tool: '', arguments: { to: '+15551234567', text: 'Your parcel is late' }, finalAnswer: 'Sent.' } } } },
	});
	admin = new SandboxClient(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

async function call(path: string, body?: unknown, key: string | undefined = DEFAULT_LLM_API_KEY) {
	const answer = await request(`${sandbox.url}/llm/v1${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: answer.statusCode, body: (await answer.body.json()) as Answer };
}

const chat = (body: Record<string, unknown>, key?: string) => call('/chat/completions', { model: MODEL, ...body }, key);

describe('Scripted chat model: authentication and models', () => {
	it('lists one model per script', async () => {
		const answer = await call('/models');
		expect(answer.status).toBe(200);
		expect(answer.body.object).toBe('list');
		expect(answer.body.data.map((model) => model.id)).toContain(MODEL);
	});

	it.each([
		['no API key', undefined, null],
		['a wrong API key', 'sk-wrong-key-example', 'invalid_api_key'],
	])('answers 401 to %s, without echoing the key', async (_case, key, code) => {
		const answer = await call('/models', undefined, key ?? '');
		expect(answer.status).toBe(401);
		expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code });
		expect(JSON.stringify(answer.body)).not.toContain('sk-wrong-key-example');
	});

	it('records requests with the key redacted', async () => {
		await chat({ messages: [USER], tools: [SEND_TOOL] });
		const [record] = await admin.records({ vendor: 'llm' });
		expect(record).toMatchObject({ kind: 'chat', status: 200 });
		expect(record.headers.authorization).toBe('Bearer <redacted>');
		expect(JSON.stringify(record)).not.toContain(DEFAULT_LLM_API_KEY);
	});
});

describe('Scripted chat model: the conversation', () => {
	it('calls the only tool offered with the scripted arguments, then answers once the tool result is in', async () => {
		const first = await chat({ messages: [USER], tools: [SEND_TOOL] });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ object: 'chat.completion', model: MODEL, choices: [{ index: 0, finish_reason: 'tool_calls' }] });
		const message = first.body.choices[0].message;
		expect(message).toMatchObject({ role: 'assistant', content: null });
		expect(message.tool_calls).toEqual([
			{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'Send_SMS', arguments: JSON.stringify({ to: '+15551234567', text: 'Your parcel is late' }) } },
		]);
		expect(first.body.usage.total_tokens).toBe(first.body.usage.prompt_tokens + first.body.usage.completion_tokens);

		const second = await chat({
			messages: [USER, message, { role: 'tool', tool_call_id: message.tool_calls[0].id, content: '{"id":"SM1"}' }],
			tools: [SEND_TOOL],
		});
		expect(second.status).toBe(200);
		expect(second.body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Sent.' } });
		expect(second.body.choices[0].message.tool_calls).toBeUndefined();
	});

	it('calls the tool again for a new user turn after an answered one', async () => {
		const call1 = { id: 'call_1', type: 'function', function: { name: 'Send_SMS', arguments: '{}' } };
		const answer = await chat({
			messages: [USER, { role: 'assistant', content: null, tool_calls: [call1] }, { role: 'tool', tool_call_id: 'call_1', content: 'ok' }, { role: 'assistant', content: 'Sent.' }, USER],
			tools: [SEND_TOOL],
		});
		expect(answer.body.choices[0].finish_reason).toBe('tool_calls');
	});

	it('takes a patched script, its arguments replacing the old ones', async () => {
		await admin.patchConfig({ llm: { models: { [MODEL]: { tool: 'Send_SMS', arguments: { to: '+15557654321', text: 'Changed' } } } } });
		try {
			const answer = await chat({ messages: [USER], tools: [SEND_TOOL, { ...SEND_TOOL, function: { ...SEND_TOOL.function, name: 'Other' } }] });
			expect(JSON.parse(answer.body.choices[0].message.tool_calls[0].function.arguments)).toEqual({ to: '+15557654321', text: 'Changed' });
		} finally {
			await admin.patchConfig({ llm: { models: { [MODEL]: { tool: '', arguments: { to: '+15551234567', text: 'Your parcel is late' } } } } });
		}
	});
});

describe('Scripted chat model: what it refuses', () => {
	it.each([
		['no messages', { messages: [] }, 400, 'empty_array'],
		['an unknown role', { messages: [{ role: 'robot', content: 'x' }] }, 400, 'invalid_value'],
		['a bad function name', { messages: [USER], tools: [{ type: 'function', function: { name: 'send sms' } }] }, 400, 'invalid_value'],
		['a tool message without a tool call before it', { messages: [USER, { role: 'tool', tool_call_id: 'call_x', content: 'ok' }] }, 400, null],
		[
			'a tool call left unanswered',
			{ messages: [USER, { role: 'assistant', content: null, tool_calls: [{ id: 'call_y', type: 'function', function: { name: 'Send_SMS', arguments: '{}' } }] }, USER] },
			400,
			null,
		],
		['an unknown model', { model: 'gpt-unknown', messages: [USER] }, 404, 'model_not_found'],
		['streaming', { messages: [USER], tools: [SEND_TOOL], stream: true }, 400, 'unsupported_value'],
	])('refuses %s as OpenAI does', async (_case, body, status, code) => {
		const answer = await chat(body);
		expect(answer.status).toBe(status);
		expect(answer.body.error).toMatchObject({ message: expect.any(String), code });
	});

	it.each([
		['no tool is offered', { messages: [USER] }, /offers 0/],
		['the scripted arguments miss a required parameter', { messages: [USER], tools: [{ ...SEND_TOOL, function: { ...SEND_TOOL.function, parameters: { ...SEND_TOOL.function.parameters, properties: { ...SEND_TOOL.function.parameters.properties, caseId: { type: 'string' } }, required: ['to', 'text', 'caseId'] } } }] }, /caseId/],
		['a scripted argument is of the wrong type', { messages: [USER], tools: [{ ...SEND_TOOL, function: { ...SEND_TOOL.function, parameters: { ...SEND_TOOL.function.parameters, properties: { to: { type: 'number' }, text: { type: 'string' } } } } }] }, /type number/],
	])('says why the script does not fit when %s', async (_case, body, reason) => {
		const answer = await chat(body);
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({ code: 'sandbox_script_mismatch', message: expect.stringMatching(reason) });
	});
});

import { randomBytes } from 'node:crypto';

import { bearerToken, contentTypeIs, jsonReply, parseJson, type ReceivedRequest, type Reply } from '../http';
import { argumentsProblem, hasToolResult, openAiError, parseChatRequest, type ChatRequest, type OpenAiError, type ToolCall } from './llmChat';
import type { LlmScript } from './llmConfig';
import type { SandboxContext, VendorMount } from './types';

/**
 * A scripted chat model behind an OpenAI-compatible API (`/llm/v1/chat/completions`,
 * `/llm/v1/models`), for n8n's AI Agent with an OpenAI credential whose Base URL points here. It is
 * no language model: each model id is a script (`llm.models` in the config) that calls one tool,
 * then answers. Not a contact-center vendor; the request and answer shapes are OpenAI's.
 */
const CREATED = Math.floor(Date.UTC(2025, 0, 1) / 1000);

function errorReply(error: OpenAiError): Reply {
	return jsonReply(error.status, error.body);
}

/** A rough token count (OpenAI's tokens are about four characters); n8n reads `usage` for its token totals. */
function tokens(value: unknown): number {
	return Math.max(1, Math.ceil(JSON.stringify(value ?? '').length / 4));
}

function completion(request: ChatRequest, message: { content: string | null; tool_calls?: ToolCall[] }): Reply {
	const promptTokens = tokens(request.messages);
	const completionTokens = tokens(message);
	return jsonReply(200, {
		id: `chatcmpl-${randomBytes(12).toString('hex')}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
		choices: [
			{
				index: 0,
				message: { role: 'assistant', refusal: null, ...message },
				logprobs: null,
				finish_reason: message.tool_calls ? 'tool_calls' : 'stop',
			},
		],
		usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
	});
}

/** The script's tool call, checked against the tools the request offers. */
function scriptedToolCall(request: ChatRequest, script: LlmScript): ToolCall | OpenAiError {
	const offered = request.tools.map((tool) => tool.name);
	const scriptError = (message: string) => openAiError(400, `sandbox script of model ${request.model}: ${message}`, 'tools', 'sandbox_script_mismatch');
	if (!script.tool && offered.length !== 1) return scriptError(`no tool named, and the request offers ${offered.length} (${offered.join(', ') || 'none'})`);
	const tool = request.tools.find((candidate) => candidate.name === (script.tool || offered[0]));
	if (!tool) return scriptError(`tool ${script.tool} is not among the request's tools (${offered.join(', ') || 'none'})`);
	const problem = argumentsProblem(tool, script.arguments);
	if (problem) return scriptError(problem);
	return { id: `call_${randomBytes(12).toString('hex')}`, type: 'function', function: { name: tool.name, arguments: JSON.stringify(script.arguments) } };
}

export function createLlm(ctx: SandboxContext): VendorMount {
	function authorised(request: ReceivedRequest): OpenAiError | undefined {
		const key = bearerToken(request.headers);
		if (!key) return openAiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
		if (key !== ctx.config().llm.apiKey) return openAiError(401, 'Incorrect API key provided.', null, 'invalid_api_key');
		return undefined;
	}

	function models(): Reply {
		const data = Object.keys(ctx.config().llm.models).map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'sandbox' }));
		return jsonReply(200, { object: 'list', data });
	}

	function chat(request: ReceivedRequest): Reply {
		if (request.method !== 'POST') return errorReply(openAiError(405, `Invalid method for URL (${request.method} /v1/chat/completions)`));
		if (!contentTypeIs(request.headers, 'application/json')) return errorReply(openAiError(400, 'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.'));
		const parsed = parseJson(request.raw);
		const chatRequest = parseChatRequest(parsed.ok ? parsed.value : undefined);
		if ('status' in chatRequest) return errorReply(chatRequest);
		const script = ctx.config().llm.models[chatRequest.model];
		if (!script) return errorReply(openAiError(404, `The model \`${chatRequest.model}\` does not exist or you do not have access to it.`, null, 'model_not_found'));
		if (chatRequest.stream) return errorReply(openAiError(400, 'The sandbox model answers without streaming: send stream false.', 'stream', 'unsupported_value'));
		if (hasToolResult(chatRequest.messages)) return completion(chatRequest, { content: script.finalAnswer });
		const call = scriptedToolCall(chatRequest, script);
		if ('status' in call) return errorReply(call);
		return completion(chatRequest, { content: null, tool_calls: [call] });
	}

	return {
		name: 'llm',
		title: 'Chat model (scripted)',
		prefix: '/llm',
		kinds: ['chat', 'models'],
		classify: (path) => (path === '/v1/chat/completions' ? 'chat' : path === '/v1/models' ? 'models' : undefined),
		handle(kind, request) {
			const refused = authorised(request);
			if (refused) return errorReply(refused);
			return kind === 'models' ? models() : chat(request);
		},
		faultReply: (_kind, fault) => jsonReply(fault.status, fault.body ?? openAiError(fault.status, `The sandbox answered ${fault.status}.`, null, null, 'server_error').body),
		describe: () => [
			'Chat model (scripted, OpenAI-compatible) for the AI Agent node:',
			`  OpenAI credential: Base URL ${ctx.baseUrl()}/llm/v1  API Key ${ctx.config().llm.apiKey}`,
			`  Models (one script each): ${Object.keys(ctx.config().llm.models).join(', ')}`,
		],
		reset: () => undefined,
	};
}

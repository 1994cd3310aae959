import { isPlainObject } from '../http';

/** OpenAI's error body: `{error: {message, type, param, code}}`. */
export interface OpenAiError {
	status: number;
	body: { error: { message: string; type: string; param: string | null; code: string | null } };
}

export function openAiError(status: number, message: string, param: string | null = null, code: string | null = null, type = 'invalid_request_error'): OpenAiError {
	return { status, body: { error: { message, type, param, code } } };
}

export interface ChatTool {
	name: string;
	description: string;
	parameters: Record<string, unknown>;
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: ToolCall[];
	tool_call_id?: string;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools: ChatTool[];
	stream: boolean;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
/** OpenAI's rule for function names (n8n shortens node names to it). */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function toolsOf(value: unknown): ChatTool[] | OpenAiError {
	if (value === undefined) return [];
	if (!Array.isArray(value)) return openAiError(400, "Invalid type for 'tools': expected an array.", 'tools', 'invalid_type');
	const tools: ChatTool[] = [];
	for (const [index, tool] of value.entries()) {
		const fn = isPlainObject(tool) && tool.type === 'function' && isPlainObject(tool.function) ? tool.function : undefined;
		if (!fn || typeof fn.name !== 'string') return openAiError(400, `Missing required parameter: 'tools[${index}].function'.`, `tools[${index}].function`, 'missing_required_parameter');
		if (!FUNCTION_NAME.test(fn.name)) {
			return openAiError(400, `Invalid 'tools[${index}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `tools[${index}].function.name`, 'invalid_value');
		}
		tools.push({ name: fn.name, description: typeof fn.description === 'string' ? fn.description : '', parameters: isPlainObject(fn.parameters) ? fn.parameters : {} });
	}
	return tools;
}

/** OpenAI's pairing rule: every tool call of an assistant message is answered by a tool message, and only those. */
function pairingProblem(messages: ChatMessage[]): OpenAiError | undefined {
	let open = new Set<string>();
	for (const [index, message] of messages.entries()) {
		if (message.role === 'tool') {
			if (!message.tool_call_id || !open.has(message.tool_call_id)) {
				return openAiError(400, "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", `messages.[${index}].role`);
			}
			open.delete(message.tool_call_id);
			continue;
		}
		if (open.size > 0) {
			return openAiError(
				400,
				`An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`,
				`messages.[${index}].role`,
			);
		}
		open = new Set((message.tool_calls ?? []).map((call) => call.id));
	}
	return undefined;
}

/** The request checked as OpenAI checks it; the error OpenAI would answer otherwise. */
export function parseChatRequest(body: unknown): ChatRequest | OpenAiError {
	if (!isPlainObject(body)) return openAiError(400, 'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.');
	if (typeof body.model !== 'string' || body.model === '') return openAiError(400, 'you must provide a model parameter', null, null);
	if (!Array.isArray(body.messages)) return openAiError(400, "Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
	if (body.messages.length === 0) return openAiError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
	for (const [index, message] of body.messages.entries()) {
		if (!isPlainObject(message) || typeof message.role !== 'string' || !ROLES.has(message.role)) {
			return openAiError(400, `Invalid value for 'messages[${index}].role': expected one of 'system', 'developer', 'user', 'assistant' or 'tool'.`, `messages[${index}].role`, 'invalid_value');
		}
	}
	const messages = body.messages as ChatMessage[];
	const paired = pairingProblem(messages);
	if (paired) return paired;
	const tools = toolsOf(body.tools);
	if (!Array.isArray(tools)) return tools;
	return { model: body.model, messages, tools, stream: body.stream === true };
}

/** Whether the conversation's last user turn already got a tool's result (the model then answers). */
export function hasToolResult(messages: ChatMessage[]): boolean {
	const lastUser = messages.map((message) => message.role).lastIndexOf('user');
	return messages.slice(lastUser + 1).some((message) => message.role === 'tool');
}

const JSON_TYPES: Record<string, (value: unknown) => boolean> = {
	string: (value) => typeof value === 'string',
	number: (value) => typeof value === 'number',
	integer: (value) => Number.isInteger(value),
	boolean: (value) => typeof value === 'boolean',
	array: (value) => Array.isArray(value),
	object: (value) => isPlainObject(value),
};

/** Why `args` do not fit a tool's JSON-schema parameters (required, declared, of the declared type), or undefined. */
export function argumentsProblem(tool: ChatTool, args: Record<string, unknown>): string | undefined {
	const properties = isPlainObject(tool.parameters.properties) ? tool.parameters.properties : {};
	const required = Array.isArray(tool.parameters.required) ? (tool.parameters.required as string[]) : [];
	const missing = required.filter((name) => !(name in args));
	if (missing.length > 0) return `the script gives no ${missing.join(', ')} (required by ${tool.name}: ${Object.keys(properties).join(', ')})`;
	for (const [name, value] of Object.entries(args)) {
		const schema = properties[name];
		if (!isPlainObject(schema)) return `${tool.name} has no parameter ${name} (it has ${Object.keys(properties).join(', ') || 'none'})`;
		const type = typeof schema.type === 'string' ? schema.type : undefined;
		if (type && JSON_TYPES[type] && !JSON_TYPES[type](value)) return `${tool.name}'s parameter ${name} is of type ${type}`;
	}
	return undefined;
}

import { isPlainObject } from '../http';
import type { ConfigSection } from '../configTools';

/**
 * What a scripted model does in a conversation: its first answer calls `tool` with `arguments`;
 * once the request carries the tool's result, it answers `finalAnswer`.
 */
export interface LlmScript {
	/** The function to call, by its name in the request's `tools`; empty: the only tool the request offers. */
	tool: string;
	/** The call's arguments; they must fit the tool's parameter schema (every required one, of its type). */
	arguments: Record<string, unknown>;
	/** The assistant's last message, after the tool's result. */
	finalAnswer: string;
}

/**
 * The scripted chat-completions endpoint (`/llm/v1`, OpenAI-compatible). Each model id is a script,
 * so workflows pick theirs by the model name and tests can add one without disturbing another.
 */
export interface LlmConfig {
	/** Expected as `Authorization: Bearer <apiKey>`. */
	apiKey: string;
	models: Record<string, LlmScript>;
}

export const DEFAULT_LLM_API_KEY = 'sandbox-llm-api-key-example';
/** The model of the AI-agent e2e workflow and the README's example. */
export const DEFAULT_LLM_MODEL = 'sandbox-sms-agent';

export const LLM_CONFIG: ConfigSection<LlmConfig> = {
	defaults: () => ({
		apiKey: DEFAULT_LLM_API_KEY,
		models: {
			[DEFAULT_LLM_MODEL]: {
				tool: '',
				arguments: { endUserNumber: '+14155550123', text: 'Hello from the AI agent' },
				finalAnswer: 'I sent your message to the contact center.',
			},
		},
	}),
	// A patched script's arguments replace the old ones (a merge would keep arguments the test dropped).
	complete(merged, patch) {
		for (const [model, script] of Object.entries(patch?.models ?? {})) {
			if (isPlainObject(script?.arguments) && isPlainObject(merged.models[model])) {
				merged.models[model] = { ...merged.models[model], arguments: structuredClone(script.arguments) as Record<string, unknown> };
			}
		}
		return merged;
	},
	problem(config) {
		if (typeof config.apiKey !== 'string' || config.apiKey === '') return 'llm.apiKey must be a non-empty string';
		if (!isPlainObject(config.models)) return 'llm.models must be an object of model id → script';
		for (const [model, script] of Object.entries(config.models)) {
			if (!isPlainObject(script) || typeof script.tool !== 'string' || !isPlainObject(script.arguments) || typeof script.finalAnswer !== 'string') {
				return `llm.models.${model} must be {tool, arguments, finalAnswer}`;
			}
		}
		return undefined;
	},
};

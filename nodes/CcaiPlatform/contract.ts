/**
 * Google Contact Center AI Platform (CCAI Platform, formerly UJET) Apps API, Outbound SMS: the
 * wire contract, as data.
 *
 * Read by the action node AND the sandbox, so the simulator and the client cannot drift apart.
 * Sources: the vendor document (../shared/vendor-docs/ccai-platform-outbound-sms.txt) and
 * vendor-notes section 4 (the Apps API page for auth and the rate limit). [I] marks an inferred
 * fact and [U] an unknown one.
 */

/** Below the base URL. */
export const SMS_PATH = '/sms';
export const API_BASE_PATH = '/apps/api/v1';

/**
 * `https://{subdomain}.{domain}/apps/api/v1`. A portal at `https://customer.uc1.ccaiplatform.com`
 * gives subdomain `customer` and domain `uc1.ccaiplatform.com` [I from the URL pattern].
 */
export function apiBaseUrl(subdomain: string, domain: string): string {
	return `https://${subdomain}.${domain}${API_BASE_PATH}`;
}

/**
 * HTTP Basic on every call: "The subdomain is used as the {username} variable. The token is used as
 * the {password} variable." The token comes from Settings → Developer Settings → API Credentials.
 */
export const BASIC_AUTH = { username: 'subdomain', password: 'apiToken' } as const;

/** "10 requests per second per customer". What an excess gets is [U] (the sandbox answers 429). */
export const RATE_LIMIT_PER_SECOND = 10;

/**
 * `chat_type` values. The doc's table offers `Messaging (API)` and `SMS` (deprecated); every one of
 * its examples sends `Messaging (SMS)` and gets 200. Which one production accepts is [U].
 */
export const CHAT_TYPES = {
	messagingApi: 'Messaging (API)',
	sms: 'SMS',
	messagingSms: 'Messaging (SMS)',
} as const;
export type ChatType = (typeof CHAT_TYPES)[keyof typeof CHAT_TYPES];
export const DEFAULT_CHAT_TYPE: ChatType = CHAT_TYPES.messagingApi;
export const DEPRECATED_CHAT_TYPES: readonly ChatType[] = [CHAT_TYPES.sms];

export interface OutboundSmsRequest {
	chat_type: ChatType;
	/** The examples are human-formatted (`+1 415-555-0100`); the doc sets no form. */
	end_user_number: string;
	/** A number configured on the tenant. */
	outbound_number: string;
	/** No length limit is documented [U]. */
	message: string;
	/** CRM ticket id associated with the session. */
	ticket_id?: string;
	/** Assign the chat to this agent (by id or by e-mail). */
	agentId?: number;
	agentEmail?: string;
}

/** 400 bodies are `{"message": "<text>"}` with exactly these texts. */
export const ERROR_TEXTS = {
	chatTypeMissing: 'chat_type needs to be provided',
	chatTypeInvalid: 'valid chat type needs to be provided',
	smsDisabled: 'SMS is not enabled',
	outboundDisabled: 'Outbound SMS is not enabled',
	endUserNumberMissing: 'end_user_number is required',
	endUserNumberInvalid: 'end_user_number is invalid',
	nonUsNumber: 'Non-US phone number not allowed',
	outboundNumberMissing: 'outbound_number is required',
	outboundNumberInvalid: 'outbound_number is invalid',
	outboundNumberNotFound: 'outbound_number is not found',
	messageMissing: 'message is required',
	activeSession: 'Outbound SMS failed. Consumer is already in an active SMS session.',
} as const;
export type ErrorText = (typeof ERROR_TEXTS)[keyof typeof ERROR_TEXTS];

export interface ErrorAnswer {
	message: string;
}

export interface AgentInfo {
	id: number;
	agent_number: number;
	email: string;
	name: string;
	first_name: string;
	last_name: string;
	avatar_url: string;
}

export interface ChatParticipant {
	id: number;
	type: 'end_user' | 'agent';
	status: string;
	chat_id: number;
	user_id: number | null;
	end_user_id: number | null;
	chat_duration: number | null;
	connected_at: string;
	ended_at: string | null;
	fail_reason: string;
}

/**
 * 200: the chat created. Keys may be added at any time (ignore unknown ones). Doc quirks: the
 * `agentEmail` example is `assigned` with `agent_info: null`; `out_ticket_id` is null although
 * `ticket_id` was sent.
 */
export interface ChatObject {
	id: number;
	lang: string;
	chat_type: string;
	/** `selecting` without an agent, `assigned` with one. */
	status: string;
	created_at: string;
	queued_at: string | null;
	assigned_at: string | null;
	ends_at: string | null;
	wait_duration: number;
	chat_duration: number;
	rating: number | null;
	has_feedback: boolean;
	out_ticket_id: string | null;
	out_ticket_url: string | null;
	verified: boolean;
	disconnected_by: string;
	fail_reason: string | null;
	selected_menu: unknown;
	menu_path: unknown;
	agent_info: AgentInfo | null;
	end_user: { id: number; identifier: string | null; out_contact_id: string | null };
	photos: unknown[];
	videos: unknown[];
	transfers: unknown[];
	participants: ChatParticipant[];
	offer_type: string | null;
	offer_events: unknown[];
	answer_type: string;
	/** E.164, e.g. `+16285550199`. */
	outbound_number: string;
}

/**
 * Avaya Infinity Custom Messaging: the wire contract, as data.
 *
 * Read by the action node, the trigger AND the sandbox, so the simulator and the client cannot
 * drift apart. Sources: the vendor document (../shared/vendor-docs/avaya-infinity-custom-messaging.txt)
 * and Avaya's published OpenAPI "Messaging API" 1.0.0 for the limits the document leaves out.
 */
import type { SignatureScheme } from '../shared/signature';

export const OPENID_GRANT_PATH = '/auth/realms/avaya/protocol/openid-connect/token';

/** The three documented paths of the same Send Message operation. The first is the vendor document's. */
export const SEND_PATHS = {
	customMessaging: '/api/v1/custom-messaging/send-message',
	digitalMessaging: '/api/digital/messaging/v1/messages',
	accountMessages: '/api/digital/messaging/v1/accounts/{accountId}/messages',
} as const;
export type SendPathKey = keyof typeof SEND_PATHS;
export const DEFAULT_SEND_PATH: SendPathKey = 'customMessaging';

export function sendPath(key: SendPathKey, accountId?: string): string {
	const template = SEND_PATHS[key];
	if (!template.includes('{accountId}')) return template;
	if (!accountId) throw new Error('Account ID is required for the account-scoped send path');
	return template.replace('{accountId}', encodeURIComponent(accountId));
}

export const LIMITS = {
	connectorId: 50,
	from: 256,
	destination: 256,
	to: { items: 50, each: 256 },
	text: 1024,
	contextParameters: { keys: 10, value: 256 },
	contextMessages: { items: 10, text: 4096 },
	providerMessageId: 256,
	senderDisplayName: 70,
	correlationId: 256,
	attachmentIds: { items: 5, each: 50 },
	responseIds: 50,
} as const;

/** `body.type` values of the spec's AsyncMessage; `text` is required except for `reply`. */
export const BODY_TYPES = ['text', 'reply', 'file'] as const;

export const CHANNEL = 'text';
export const TOKEN_LIFETIME_S = 900;

export interface TokenResponse {
	access_token: string;
	expires_in: number;
	token_type: 'Bearer';
	scope?: string;
}

export interface SendMessageRequest {
	connectorId: string;
	channel: typeof CHANNEL;
	headers: { from: string; destination: string; to?: string[] };
	body: { text: string; type?: 'text' };
	contextParameters?: Record<string, string>;
}

export interface SendMessageResponse extends SendMessageRequest {
	messageId: string;
	conversationSessionId: string;
	accountId: string;
}

// Error bodies (RFC 7807 problem+json), verbatim from the OpenAPI spec.
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://developers.avayacloud.com/onecloud-ccaas/docs/error-handling';

export interface Violation {
	field: string;
	message: string;
	code?: number;
}

export interface Problem {
	type: string;
	title: string;
	status: number;
	detail: string;
	violations?: Violation[];
}

export const PROBLEMS = {
	400: {
		type: `${PROBLEM_TYPE_BASE}#constraint-violation`,
		title: 'Constraint Violation',
		status: 400,
		detail:
			'A problem that indicates a syntactically correct, yet semantically illegal request. The Server can not process this request until the client resolves the semantic errors described in the violations section.',
	},
	401: {
		type: `${PROBLEM_TYPE_BASE}#unauthorized`,
		title: 'Unauthorized',
		status: 401,
		detail:
			'This operation requires authentication. See https://developers.avayacloud.com/onecloud-ccaas/docs/how-to-authenticate-with-ccaas-apis',
	},
	403: {
		type: `${PROBLEM_TYPE_BASE}#forbidden`,
		title: 'Forbidden',
		status: 403,
		detail:
			'According to the access control policy the current user and/or accountId does not have permission to access this resource.',
	},
	500: {
		type: `${PROBLEM_TYPE_BASE}#internal-error`,
		title: 'Internal Server Error',
		status: 500,
		detail: 'An internal server error was encountered.',
	},
} as const satisfies Record<number, Problem>;

export const TOKEN_ERRORS = {
	unsupportedGrantType: {
		error: 'unsupported_grant_type',
		error_description: "Unsupported grant type. Only 'client_credentials' is supported.",
	},
	invalidClient: {
		error: 'invalid_client',
		error_description: 'Invalid client or Invalid client credentials',
	},
} as const;

/** What Avaya sends us. */
export const SIGNATURE: SignatureScheme = {
	header: 'x-avaya-event-signature',
	algorithm: 'sha256',
	encoding: 'base64',
	prefix: 'sha256=',
};

export const EVENT_TYPES = { healthCheck: 'health_check', messages: 'messages' } as const;
export const SENDER_TYPES = ['agent', 'bot', 'customer'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

/** Avaya retries deliveries answered with these statuses (exponential backoff, then drops the event). */
export function isRetriedByAvaya(status: number): boolean {
	return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

export interface HealthCheckEvent {
	eventType: 'health_check';
	eventId: string;
	eventTimestamp: string;
	accountId: string;
	connectorId: string;
}

export interface MessagesEvent {
	eventType: 'messages';
	eventId: string;
	eventTimestamp: string;
	messageId: string;
	accountId: string;
	conversationSessionId: string;
	connectorId: string;
	channel: typeof CHANNEL;
	headers: { from: string; to: string[] };
	body: { text: string };
	sender: { type: SenderType };
}

export type AvayaEvent = HealthCheckEvent | MessagesEvent;

export const REQUIRED_EVENT_FIELDS = {
	health_check: ['eventType', 'eventId', 'eventTimestamp', 'accountId', 'connectorId'],
	messages: [
		'eventType',
		'eventId',
		'eventTimestamp',
		'messageId',
		'accountId',
		'conversationSessionId',
		'connectorId',
		'channel',
		'headers',
		'body',
		'sender',
	],
} as const;

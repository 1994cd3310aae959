/**
 * Alvaria Public Cloud (formerly Aspect Via) Messaging (Chat/SMS) REST API v2.0.1: the wire
 * contract, as data.
 *
 * Read by the action node AND the sandbox, so the simulator and the client cannot drift apart.
 * Sources: the vendor document (../shared/vendor-docs/alvaria-messaging-api.txt) and vendor-notes
 * section 3 (Alvaria's Authorization and Streaming Client pages). [I] marks an inferred fact and
 * [U] an unknown one: each is a credential field or node option whose default is the value here.
 */

// ---- Authorization (OAuth2 client credentials, HTTP Basic client authentication) ----

/** `POST https://{tokenHost}/tokenservice/oauth2/access_token?realm={orgId}` */
export const GRANT_PATH = '/tokenservice/oauth2/access_token';

/** [I] Alvaria's pages show `realm` both in the query and in the form body: send it in both. */
export const REALM_PARAMETER = 'realm';

/** The Messaging API's scope; requested alone by default (space-separated when more are wanted). */
export const DEFAULT_SCOPE = 'messagingapi';
/** The scope the streaming-session endpoints need [I: the doc lists it among the agent-app scopes]. */
export const STREAMING_SCOPE = 'streamingapi';

/** Default token lifetime in seconds (the documented example's `expires_in`). */
export const TOKEN_LIFETIME_S = 3599;

/** The documented token hosts per region. [U] Canada: the v2.0.1 page says `yyz`, the v3.1 page `ca`. */
export const TOKEN_HOSTS: ReadonlyArray<{ name: string; host: string }> = [
	{ name: 'AWS US', host: 'myaspect.id.aspect-cloud.net' },
	{ name: 'AWS EU', host: 'myaspect.eu.id.aspect-cloud.net' },
	{ name: 'AWS UK', host: 'myaspect.uk.id.aspect-cloud.net' },
	{ name: 'AWS Canada', host: 'myaspect.ca.id.aspect-cloud.net' },
	{ name: 'AWS Canada (v2.0.1 page)', host: 'myaspect.yyz.id.aspect-cloud.net' },
	{ name: 'Azure US (v2.0.1 page)', host: 'myaspect.us-a.id.aspect-cloud.net' },
	{ name: 'US-East', host: 'myaccount.tri1.wss.alvaria.cloud' },
	{ name: 'GCP', host: 'myaccount.dsm.sre.alvaria.cloud' },
];

/** API domains; the API host is `{orgId}.{domain}`. */
export const API_DOMAINS: ReadonlyArray<{ name: string; domain: string }> = [
	{ name: 'AWS', domain: 'via.aspect-cloud.net' },
	{ name: 'GCP', domain: 'apc.alvaria.cloud' },
];

export function apiBaseUrl(orgId: string, domain: string = API_DOMAINS[0].domain): string {
	return `https://${orgId}.${domain}`;
}

/** The token path with its `realm` query (the form carries `realm` too: tokenForm). */
export function tokenPath(orgId: string): string {
	return `${GRANT_PATH}?${REALM_PARAMETER}=${encodeURIComponent(orgId)}`;
}

/** The token request body (`application/x-www-form-urlencoded`); the client id and secret go in Basic auth. */
export function tokenForm(orgId: string, scope: string = DEFAULT_SCOPE): URLSearchParams {
	return new URLSearchParams({ [REALM_PARAMETER]: orgId, scope, grant_type: 'client_credentials' });
}

/** 200 from the token endpoint. The token is opaque (a UUID in the example), not a JWT [I]: cache by `expires_in`. */
export interface TokenResponse {
	access_token: string;
	scope: string;
	token_type: 'Bearer';
	expires_in: number;
}

/** [U] Token error bodies are not documented; the sandbox answers these OAuth2 (RFC 6749) ones. */
export const TOKEN_ERRORS = {
	invalidClient: { error: 'invalid_client' },
	invalidRequest: { error: 'invalid_request' },
	unsupportedGrantType: { error: 'unsupported_grant_type' },
	invalidScope: { error: 'invalid_scope' },
} as const;

// ---- Messaging (Chat/SMS) ----

export const OPERATIONS = ['sendText', 'sendUrl', 'notification'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const MESSAGING_PATH = '/via/v2/organizations/{orgId}/messaging/users/{userId}/{operation}';

export function messagingPath(orgId: string, userId: string, operation: Operation): string {
	return MESSAGING_PATH.replace('{orgId}', encodeURIComponent(orgId))
		.replace('{userId}', encodeURIComponent(userId))
		.replace('{operation}', operation);
}

/** Required on every messaging call, besides `Authorization: Bearer {accessToken}`. */
export const HEADERS = {
	/** "Alvaria-provided value used to track API endpoint usage". */
	apiKey: 'x-api-key',
	/** The live streaming session of the agent application (see STREAMING_PATHS). */
	sessionId: 'via-client-sessionid',
} as const;

export const ENTITY_TYPES = ['Agent', 'Monitor', 'System'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The only documented typing state. */
export const TYPING_STATE = 'composing';
/** `expiresAfterSeconds`: optional integer, "Maximum value is 30 seconds" (the minimum 1 is [I]). */
export const EXPIRES_AFTER_SECONDS = { min: 1, max: 30 } as const;

/** Fields every operation requires (strings; the doc sets no length limits). */
export interface InteractionTarget {
	/** Alvaria's id of the chat or SMS interaction. */
	interactionId: string;
	/** Who is sending, e.g. `contactCenterAgent`. */
	entityName: string;
	entityType: EntityType;
}

export interface SendTextRequest extends InteractionTarget {
	text: string;
}

export interface SendUrlRequest extends InteractionTarget {
	url: string;
}

export interface NotificationRequest extends InteractionTarget {
	state: typeof TYPING_STATE;
	expiresAfterSeconds?: number;
}

export interface OperationRequests {
	sendText: SendTextRequest;
	sendUrl: SendUrlRequest;
	notification: NotificationRequest;
}

/** The field each operation carries besides the InteractionTarget ones. */
export const OPERATION_FIELDS: Record<Operation, ReadonlyArray<string>> = {
	sendText: ['text'],
	sendUrl: ['url'],
	notification: ['state', 'expiresAfterSeconds'],
};

/** Success: 202 Accepted with no body. 401 has no body either; every other error is an ErrorResponse. */
export const ACCEPTED_STATUS = 202;
export const EMPTY_BODY_STATUSES: readonly number[] = [ACCEPTED_STATUS, 401];

export interface ErrorDetail {
	scope?: string;
	reason?: string;
	message?: string;
}

/** All fields optional; `code` is the HTTP status. */
export interface ErrorResponse {
	code?: number;
	message?: string;
	errors?: ErrorDetail[];
}

/** The documented error statuses with an ErrorResponse body. */
export const ERROR_STATUSES = [400, 404, 405, 410, 422, 429, 500, 503] as const;

// ---- Streaming session (what `via-client-sessionid` names) ----

/**
 * [I] The Streaming Client pages document v3 paths; v2 is assumed alike. POST `session` creates a
 * session, GET `events` long-polls it, DELETE `session` ends it. Events and delete name the session
 * in `via-client-sessionid` [I].
 */
export const STREAMING_PATHS = {
	session: '/via/v3/organizations/{orgId}/streaming/session',
	events: '/via/v3/organizations/{orgId}/streaming/events',
} as const;

export function streamingPath(kind: keyof typeof STREAMING_PATHS, orgId: string): string {
	return STREAMING_PATHS[kind].replace('{orgId}', encodeURIComponent(orgId));
}

/** A session is dropped when no poll arrives within `inactivityDelay` seconds (default 60). */
export const DEFAULT_INACTIVITY_DELAY_S = 60;

/** The public-chat page's Create Session answer. The request body is [U]. */
export interface CreateSessionResponse {
	sessionId: string;
	creationTime: string;
	inactivityDelay: number;
}

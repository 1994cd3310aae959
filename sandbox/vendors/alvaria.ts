import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

import {
	ACCEPTED_STATUS,
	DEFAULT_SCOPE,
	GRANT_PATH,
	HEADERS,
	MESSAGING_PATH,
	OPERATIONS,
	REALM_PARAMETER,
	STREAMING_SCOPE,
	TOKEN_ERRORS,
	messagingPath,
	streamingPath,
	tokenPath,
	type Operation,
	type TokenResponse,
} from '../../nodes/Alvaria/contract';
import { headerValue } from '../../nodes/shared/signature';
import {
	AdminInputError,
	basicCredentials,
	bearerToken,
	contentTypeIs,
	isPlainObject,
	jsonReply,
	matchPathTemplate,
	parseJson,
	type ReceivedRequest,
	type Reply,
} from '../http';
import type { AlvariaOrg } from './alvariaConfig';
import { AlvariaState } from './alvariaState';
import { matchStreamingPath, sessionOf, streamingHandler } from './alvariaStreaming';
import { REASONS, detail, errorResponse, operationProblems } from './alvariaValidation';
import type { SandboxContext, VendorMount } from './types';

export const ALVARIA_PREFIX = '/alvaria';

/** `{orgId}`, `{userId}` and the operation of a messaging path, or undefined. */
export function matchMessagingPath(path: string): { orgId: string; userId: string; operation: Operation } | undefined {
	const match = matchPathTemplate(MESSAGING_PATH, path);
	if (!match || !(OPERATIONS as readonly string[]).includes(match.operation)) return undefined;
	return { orgId: match.orgId, userId: match.userId, operation: match.operation as Operation };
}

/** 401 with no body, as the doc documents it for every messaging operation. */
const UNAUTHORIZED: Reply = { status: 401 };

export function createAlvaria(ctx: SandboxContext): VendorMount {
	const config = () => ctx.config().alvaria;
	const state = new AlvariaState(config);
	const streaming = streamingHandler(ctx, state);
	const orgById = (orgId: string | undefined) => config().orgs.find((org) => org.orgId === orgId);

	function tokenError(status: number, body: object, clientId: string): Reply {
		ctx.recorder.countToken('alvaria', clientId, false);
		return jsonReply(status, body);
	}

	/** Checked in this order: form body, grant type, realm, client (Basic), scope [I: the order and bodies are the sandbox's]. */
	function token(request: ReceivedRequest): Reply {
		if (request.method !== 'POST') return jsonReply(405, TOKEN_ERRORS.invalidRequest);
		const client = basicCredentials(request.headers);
		const clientId = client?.username ?? '';
		if (!contentTypeIs(request.headers, 'application/x-www-form-urlencoded')) return tokenError(400, TOKEN_ERRORS.invalidRequest, clientId);
		const form = new URLSearchParams(request.raw.toString('utf8'));
		if (form.get('grant_type') !== 'client_credentials') return tokenError(400, TOKEN_ERRORS.unsupportedGrantType, clientId);
		const queryRealm = request.query.get(REALM_PARAMETER);
		const formRealm = form.get(REALM_PARAMETER);
		if ((!queryRealm && !formRealm) || (queryRealm && formRealm && queryRealm !== formRealm)) return tokenError(400, TOKEN_ERRORS.invalidRequest, clientId);
		// [I] The realm is where the client is looked up: an unknown realm is an unknown client.
		const org = orgById(queryRealm ?? formRealm ?? undefined);
		if (!org || !client || client.username !== org.clientId || client.password !== org.clientSecret) {
			return tokenError(401, TOKEN_ERRORS.invalidClient, clientId);
		}
		const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
		if (!scopes.includes(DEFAULT_SCOPE)) return tokenError(400, TOKEN_ERRORS.invalidScope, clientId);
		ctx.recorder.countToken('alvaria', clientId, true);
		const issued = state.tokens.issue({ clientId, realm: org.orgId, scopes }, org.tokenLifetimeSeconds);
		const answer: TokenResponse = { access_token: issued.accessToken, scope: scopes.join(' '), token_type: 'Bearer', expires_in: issued.expiresIn };
		return { ...jsonReply(200, answer), headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
	}

	/** The org of the path (else 404 ErrorResponse), then a live bearer of that org with `scope` and the org's x-api-key (else 401, no body). */
	function authorise(request: ReceivedRequest, orgId: string, scope: string): { org: AlvariaOrg } | { reply: Reply } {
		const org = orgById(orgId);
		if (!org) return { reply: errorResponse(404, [detail('orgId', REASONS.notFound, `organization ${orgId} does not exist`)]) };
		const check = state.tokens.check(bearerToken(request.headers));
		if (!check.ok || check.grant.realm !== org.orgId || !check.grant.scopes.includes(scope)) return { reply: UNAUTHORIZED };
		if (headerValue(request.headers, HEADERS.apiKey) !== org.apiKey) return { reply: UNAUTHORIZED };
		return { org };
	}

	/** Checked in the order of vendor-notes 3e: org, bearer, x-api-key, session, user, body, interaction. */
	function send(request: ReceivedRequest): Reply {
		const match = matchMessagingPath(request.path);
		if (!match) return errorResponse(404);
		if (request.method !== 'POST') return { ...errorResponse(405), headers: { allow: 'POST' } };
		const auth = authorise(request, match.orgId, DEFAULT_SCOPE);
		if ('reply' in auth) return auth.reply;
		const { org } = auth;
		const found = sessionOf(state, request, org);
		if ('reply' in found) return found.reply;
		if (!org.userIds.includes(match.userId)) return errorResponse(404, [detail('userId', REASONS.notFound, `user ${match.userId} does not exist`)]);
		if (!contentTypeIs(request.headers, 'application/json')) {
			return errorResponse(400, [detail('Content-Type', REASONS.invalidValue, 'Content-Type must be application/json')]);
		}
		const parsed = parseJson(request.raw);
		if (!parsed.ok || !isPlainObject(parsed.value)) return errorResponse(400, [detail('body', REASONS.wrongType, 'the body must be a JSON object')]);
		const problems = operationProblems(match.operation, parsed.value);
		if (problems.length) return errorResponse(400, problems);
		const interactionId = parsed.value.interactionId as string;
		const interaction = state.interaction(org.orgId, interactionId);
		if (!interaction) return errorResponse(404, [detail('interactionId', REASONS.notFound, `interaction ${interactionId} does not exist`)]);
		if (interaction.state === 'closed') return errorResponse(410, [detail('interactionId', REASONS.gone, `interaction ${interactionId} is closed`)]);
		ctx.recorder.accept({
			vendor: 'alvaria',
			kind: match.operation,
			path: `${ALVARIA_PREFIX}${request.path}`,
			id: randomUUID(),
			request: { ...parsed.value, userId: match.userId, sessionId: found.session.sessionId },
			response: { status: ACCEPTED_STATUS },
		});
		return { status: ACCEPTED_STATUS };
	}

	async function streamingRequest(request: ReceivedRequest): Promise<Reply> {
		const match = matchStreamingPath(request.path);
		if (!match) return errorResponse(404);
		const auth = authorise(request, match.orgId, STREAMING_SCOPE);
		if ('reply' in auth) return auth.reply;
		return streaming(request, auth.org, match.endpoint);
	}

	function adminOrg(body: Record<string, unknown>): AlvariaOrg {
		if (body.orgId !== undefined && typeof body.orgId !== 'string') throw new AdminInputError('orgId must be a string');
		const org = body.orgId === undefined ? config().orgs[0] : orgById(body.orgId);
		if (!org) throw new AdminInputError(body.orgId === undefined ? 'no Alvaria org configured' : `no Alvaria org ${String(body.orgId)}`);
		return org;
	}

	function adminText(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
		const value = body[name];
		if (value === undefined && !required) return undefined;
		if (typeof value !== 'string' || value === '') throw new AdminInputError(`${name} must be a non-empty string`);
		return value;
	}

	return {
		name: 'alvaria',
		title: 'Alvaria',
		prefix: ALVARIA_PREFIX,
		kinds: ['token', 'send', 'session', 'events'],
		classify(path) {
			if (path === GRANT_PATH) return 'token';
			if (matchMessagingPath(path)) return 'send';
			return matchStreamingPath(path)?.endpoint;
		},
		handle(kind, request) {
			if (kind === 'token') return token(request);
			if (kind === 'send') return send(request);
			return streamingRequest(request);
		},
		faultReply(kind, fault) {
			if (kind === 'token') return jsonReply(fault.status, fault.body ?? { error: 'temporarily_unavailable', error_description: STATUS_CODES[fault.status] });
			if (fault.status === 401 && fault.body === undefined) return UNAUTHORIZED;
			return fault.body === undefined ? errorResponse(fault.status) : jsonReply(fault.status, fault.body);
		},
		expireTokens: () => state.tokens.expireAll(),
		admin: {
			sessions: {
				method: 'POST',
				handler: (body) => {
					const org = adminOrg(body);
					const sessionId = adminText(body, 'sessionId', false);
					if (sessionId && state.liveSession(org.orgId, sessionId)) throw new AdminInputError(`session ${sessionId} is already live`);
					if (body.keepAlive !== undefined && typeof body.keepAlive !== 'boolean') throw new AdminInputError('keepAlive must be a boolean');
					const keepAlive = body.keepAlive === undefined ? true : (body.keepAlive as boolean);
					const session = state.createSession(org.orgId, { sessionId, keepAlive, userId: adminText(body, 'userId', false) });
					return jsonReply(200, state.view(session));
				},
			},
			'GET sessions': { method: 'GET', handler: () => jsonReply(200, state.allSessions()) },
			'sessions/close': {
				method: 'POST',
				handler: (body) => {
					const session = state.session(adminText(body, 'sessionId', true) as string);
					if (!session) throw new AdminInputError(`no session ${String(body.sessionId)}`);
					state.endSession(session, 'closed');
					return jsonReply(200, state.view(session));
				},
			},
			interactions: {
				method: 'POST',
				handler: (body) => jsonReply(200, state.openInteraction(adminOrg(body).orgId, adminText(body, 'interactionId', false))),
			},
			'GET interactions': { method: 'GET', handler: () => jsonReply(200, state.allInteractions()) },
			'interactions/close': {
				method: 'POST',
				handler: (body) => {
					const interactionId = adminText(body, 'interactionId', true) as string;
					const interaction = state.interaction(adminOrg(body).orgId, interactionId);
					if (!interaction) throw new AdminInputError(`no interaction ${interactionId}`);
					state.closeInteraction(interaction);
					return jsonReply(200, { ...interaction });
				},
			},
			events: {
				method: 'POST',
				handler: (body) => {
					const session = state.session(adminText(body, 'sessionId', true) as string);
					if (!session) throw new AdminInputError(`no session ${String(body.sessionId)}`);
					if (body.event === undefined) throw new AdminInputError('event is required');
					state.queueEvent(session, body.event);
					return jsonReply(200, state.view(session));
				},
			},
			sent: { method: 'GET', handler: (_body, query) => jsonReply(200, ctx.recorder.accepted({ vendor: 'alvaria', kind: query.get('kind') ?? undefined })) },
		},
		describe() {
			const base = `${ctx.baseUrl()}${ALVARIA_PREFIX}`;
			return config().orgs.flatMap((org) => [
				`Alvaria credential (organization ${org.orgId}):`,
				`  Token host / URL:     ${base}   (token endpoint ${base}${tokenPath(org.orgId)})`,
				`  API base URL:         ${base}`,
				`  Organization ID:      ${org.orgId}`,
				`  Client ID:            ${org.clientId}`,
				`  Client Secret:        ${org.clientSecret}`,
				`  API key (x-api-key):  ${org.apiKey}`,
				`  Scope:                ${DEFAULT_SCOPE}`,
				`  User IDs:             ${org.userIds.join(', ') || '(none)'}`,
				`  Live session id:      ${org.seedSessionId || '(none: POST /_admin/alvaria/sessions)'}   (${HEADERS.sessionId})`,
				`  Open interactions:    ${org.seedInteractionIds.join(', ') || '(none: POST /_admin/alvaria/interactions)'}`,
				`  Send text:            ${base}${messagingPath(org.orgId, org.userIds[0] ?? '{userId}', 'sendText')}`,
				`  Streaming session:    ${base}${streamingPath('session', org.orgId)}`,
			]);
		},
		reset: () => state.reset(),
	};
}

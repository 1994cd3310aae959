import { STATUS_CODES } from 'node:http';

import {
	CHANNEL,
	PROBLEMS,
	PROBLEM_CONTENT_TYPE,
	SEND_PATHS,
	TOKEN_ERRORS,
	OPENID_GRANT_PATH,
	type Problem,
	type SendMessageRequest,
	type SendMessageResponse,
	type SendPathKey,
	type Violation,
} from '../../nodes/AvayaInfinity/contract';
import type { AvayaTenant } from './avayaConfig';
import { AdminInputError, bearerToken, contentTypeIs, jsonReply, notFound, parseJson, type ReceivedRequest, type Reply } from '../http';
import { avayaConsole } from './avayaConsole';
import { AvayaEvents, type MessageEventRequest } from './avayaEvents';
import { AvayaState, newAvayaId } from './avayaState';
import { VIOLATION_CODES, sendMessageViolations } from './avayaValidation';
import type { SandboxContext, VendorMount } from './types';

const TOKEN_SCOPE = 'email profile';

function problem(status: keyof typeof PROBLEMS, violations?: Violation[]): Reply {
	const body: Problem = violations ? { ...PROBLEMS[status], violations } : { ...PROBLEMS[status] };
	return jsonReply(status, body, PROBLEM_CONTENT_TYPE);
}

/** Which documented send path a request path is, and the `{accountId}` it carries. */
function matchSendPath(path: string): { key: SendPathKey; accountId?: string } | undefined {
	for (const [key, template] of Object.entries(SEND_PATHS) as Array<[SendPathKey, string]>) {
		if (!template.includes('{accountId}')) {
			if (path === template) return { key };
			continue;
		}
		const [head, tail] = template.split('{accountId}');
		if (path.startsWith(head) && path.endsWith(tail) && path.length > head.length + tail.length) {
			const accountId = decodeURIComponent(path.slice(head.length, path.length - tail.length));
			if (!accountId.includes('/')) return { key, accountId };
		}
	}
	return undefined;
}

export function createAvaya(ctx: SandboxContext): VendorMount {
	const state = new AvayaState();
	const events = new AvayaEvents(ctx, state);
	const tenants = () => ctx.config().avaya.tenants;

	function token(request: ReceivedRequest): Reply {
		// [I] The vendor documents only the form body; any other body is answered like Keycloak does.
		if (!contentTypeIs(request.headers, 'application/x-www-form-urlencoded')) {
			return jsonReply(400, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
		}
		const form = new URLSearchParams(request.raw.toString('utf8'));
		const clientId = form.get('client_id') ?? '';
		if (form.get('grant_type') !== 'client_credentials') {
			ctx.recorder.countToken('avaya', clientId, false);
			return jsonReply(400, TOKEN_ERRORS.unsupportedGrantType);
		}
		const tenant = tenants().find((candidate) => candidate.clientId === clientId);
		if (!tenant || !clientId || tenant.clientSecret !== form.get('client_secret')) {
			ctx.recorder.countToken('avaya', clientId, false);
			return jsonReply(401, TOKEN_ERRORS.invalidClient);
		}
		ctx.recorder.countToken('avaya', clientId, true);
		// Avaya's tokens name the account in `organization[0]` and the connector in `owner[0]`.
		const claims = { organization: [tenant.accountId], owner: [tenant.connectorId] };
		const issued = state.tokens.issue(tenant.clientId, tenant.tokenLifetimeSeconds, `${ctx.baseUrl()}/avaya/auth/realms/avaya`, TOKEN_SCOPE, claims);
		return {
			...jsonReply(200, { access_token: issued.accessToken, expires_in: issued.expiresIn, token_type: 'Bearer', scope: TOKEN_SCOPE }),
			headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
		};
	}

	function authorisedTenant(request: ReceivedRequest): AvayaTenant | undefined {
		const check = state.tokens.check(bearerToken(request.headers));
		if (!check.ok) return undefined;
		return tenants().find((tenant) => tenant.clientId === check.clientId);
	}

	function send(request: ReceivedRequest): Reply {
		const match = matchSendPath(request.path);
		if (!match || !ctx.config().avaya.sendPaths.includes(match.key)) return notFound(`/avaya${request.path}`);
		const tenant = authorisedTenant(request);
		if (!tenant) return problem(401);
		// [I] A foreign account in path 3 is an access-control failure, like a foreign connector.
		if (match.accountId !== undefined && match.accountId !== tenant.accountId) return problem(403);
		// [I] The spec documents 400 problems only for constraints; a non-JSON body is answered the same way.
		if (!contentTypeIs(request.headers, 'application/json')) {
			return problem(400, [{ field: 'Content-Type', message: 'must be application/json', code: VIOLATION_CODES.invalidValue }]);
		}
		const parsed = parseJson(request.raw);
		if (!parsed.ok) return problem(400, [{ field: 'requestBody', message: 'malformed JSON', code: VIOLATION_CODES.wrongType }]);
		const violations = sendMessageViolations(parsed.value);
		if (violations.length > 0) return problem(400, violations);
		const message = parsed.value as unknown as SendMessageRequest;
		if (message.connectorId !== tenant.connectorId) return problem(403);
		if (!tenant.registeredNumbers.includes(message.headers.destination)) {
			return problem(400, [
				{ field: 'headers.destination', message: 'destination is not a number associated with the connector', code: VIOLATION_CODES.notRegistered },
			]);
		}
		return accept(tenant, request.path, message);
	}

	function accept(tenant: AvayaTenant, path: string, message: SendMessageRequest): Reply {
		const conversationSessionId = state.conversationFor({
			connectorId: tenant.connectorId,
			channel: message.channel,
			endUser: message.headers.from,
			businessNumber: message.headers.destination,
		});
		const response: SendMessageResponse = {
			messageId: newAvayaId(),
			conversationSessionId,
			...message,
			accountId: tenant.accountId,
		};
		ctx.recorder.accept({ vendor: 'avaya', kind: 'send', path: `/avaya${path}`, id: response.messageId, request: message, response });
		afterAccept(tenant, response);
		return jsonReply(200, response);
	}

	/** The webhook side effects of an accepted end-user message, in the background. */
	function afterAccept(tenant: AvayaTenant, accepted: SendMessageResponse): void {
		const conversation = { connectorId: tenant.connectorId, conversationSessionId: accepted.conversationSessionId };
		if (tenant.subscription === 'all') {
			ctx.scheduler.later(0, () =>
				events.sendMessage({
					...conversation,
					senderType: 'customer',
					messageId: accepted.messageId,
					from: accepted.headers.from,
					to: [accepted.headers.destination],
					text: accepted.body.text,
				}),
			);
		}
		if (tenant.autoReply) {
			ctx.scheduler.later(tenant.autoReplyDelayMs, () =>
				events.sendMessage({
					...conversation,
					senderType: 'agent',
					from: accepted.headers.destination,
					to: [accepted.headers.from],
					text: `Agent: we received "${accepted.body.text}"`,
				}),
			);
		}
	}

	function adminBody<T>(body: Record<string, unknown>): T {
		return body as T;
	}

	return {
		name: 'avaya',
		title: 'Avaya Infinity',
		prefix: '/avaya',
		kinds: ['token', 'send'],
		classify(path) {
			if (path === OPENID_GRANT_PATH) return 'token';
			return matchSendPath(path) ? 'send' : undefined;
		},
		handle(kind, request) {
			if (request.method !== 'POST') return jsonReply(405, { error: 'method_not_allowed', allowed: 'POST' });
			return kind === 'token' ? token(request) : send(request);
		},
		faultReply(kind, fault) {
			if (kind === 'token') return jsonReply(fault.status, fault.body ?? { error: 'temporarily_unavailable', error_description: STATUS_CODES[fault.status] });
			const known = (PROBLEMS as Record<number, Problem>)[fault.status];
			const body = fault.body ?? known ?? { type: 'about:blank', title: STATUS_CODES[fault.status] ?? 'Error', status: fault.status };
			return jsonReply(fault.status, body, PROBLEM_CONTENT_TYPE);
		},
		expireTokens: () => state.tokens.expireAll(),
		admin: {
			validate: { method: 'POST', handler: async (body) => jsonReply(200, await events.validate(adminBody(body))) },
			events: {
				method: 'POST',
				handler: async (body) => {
					if (body.to !== undefined && !Array.isArray(body.to)) body.to = [body.to];
					return jsonReply(200, await events.sendMessage(adminBody<MessageEventRequest>(body)));
				},
			},
			'conversations/end': {
				method: 'POST',
				handler: (body) => {
					const id = body.conversationSessionId;
					if (id !== undefined && typeof id !== 'string') throw new AdminInputError('conversationSessionId must be a string');
					return jsonReply(200, { ended: state.endConversations(id) });
				},
			},
			webhook: {
				method: 'GET',
				handler: (_body, query) => {
					const tenant = events.tenant(query.get('connectorId') ?? undefined);
					return jsonReply(200, { connectorId: tenant.connectorId, webhookUrl: tenant.webhookUrl, webhookEnabled: state.webhookEnabled(tenant) });
				},
			},
		},
		describe() {
			const base = `${ctx.baseUrl()}/avaya`;
			return tenants().flatMap((tenant) => [
				`Avaya Infinity credential (connector ${tenant.connectorId}):`,
				`  Hostname or Base URL: ${base}`,
				`  Client ID:            ${tenant.clientId}`,
				`  Client Secret:        ${tenant.clientSecret}`,
				`  Connector ID:         ${tenant.connectorId}`,
				`  Account ID:           ${tenant.accountId}`,
				`  Webhook secret:       ${tenant.webhookSecret}`,
				`  Registered numbers:   ${tenant.registeredNumbers.join(', ')}`,
				`  Token endpoint:       ${base}${OPENID_GRANT_PATH}`,
				...Object.values(SEND_PATHS).map((path) => `  Send:                 ${base}${path}`),
				`  Channel:              ${CHANNEL}; subscription ${tenant.subscription}; auto-reply ${tenant.autoReply ? 'on' : 'off'}`,
			]);
		},
		console: avayaConsole(ctx, state, events),
		reset: () => state.reset(),
	};
}

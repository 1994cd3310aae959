import { STATUS_CODES } from 'node:http';

import {
	API_BASE_PATH,
	CHAT_TYPES,
	ERROR_TEXTS,
	SMS_PATH,
	type AgentInfo,
	type ChatObject,
	type ChatParticipant,
	type ErrorAnswer,
	type ErrorText,
} from '../../nodes/CcaiPlatform/contract';
import { AdminInputError, basicCredentials, contentTypeIs, isPlainObject, jsonReply, parseJson, type ReceivedRequest, type Reply } from '../http';
import type { CcaiTenant } from './ccaiConfig';
import { readUsNumber } from './ccaiNumbers';
import { CcaiState } from './ccaiState';
import type { SandboxContext, VendorMount } from './types';

export const CCAI_PREFIX = '/ccai';
const SMS_ENDPOINT = `${API_BASE_PATH}${SMS_PATH}`;
const CHAT_TYPE_VALUES: readonly unknown[] = Object.values(CHAT_TYPES);

function message(status: number, text: string): Reply {
	const body: ErrorAnswer = { message: text };
	return jsonReply(status, body);
}

const missing = (value: unknown) => value === undefined || value === null || value === '';

/** A number field: its E.164 form, or the documented refusal. */
function numberField(value: unknown, required: ErrorText, invalid: ErrorText): { e164: string } | { error: ErrorText } {
	if (missing(value)) return { error: required };
	const reading = readUsNumber(value);
	if (!reading.ok) return { error: reading.problem === 'non-us' ? ERROR_TEXTS.nonUsNumber : invalid };
	return { e164: reading.e164 };
}

/** Seconds precision, as the doc's timestamps (`2021-10-04T17:20:51.000Z`). */
function timestamp(now = Date.now()): string {
	return new Date(Math.floor(now / 1000) * 1000).toISOString();
}

export function createCcai(ctx: SandboxContext): VendorMount {
	const config = () => ctx.config().ccai;
	const state = new CcaiState();

	/**
	 * The twelve documented 400s, one per request, in this order [I: the doc shows one error per
	 * example]: chat_type missing, chat_type valid, SMS enabled, outbound enabled, end_user_number
	 * missing / invalid / non-US, outbound_number missing / invalid / non-US / not configured,
	 * message missing or empty, end user in an active session.
	 */
	function refusal(tenant: CcaiTenant, body: Record<string, unknown>): ErrorText | { endUser: string; outbound: string } {
		if (missing(body.chat_type)) return ERROR_TEXTS.chatTypeMissing;
		if (!CHAT_TYPE_VALUES.includes(body.chat_type)) return ERROR_TEXTS.chatTypeInvalid;
		if (!tenant.smsEnabled) return ERROR_TEXTS.smsDisabled;
		if (!tenant.outboundSmsEnabled) return ERROR_TEXTS.outboundDisabled;
		const endUser = numberField(body.end_user_number, ERROR_TEXTS.endUserNumberMissing, ERROR_TEXTS.endUserNumberInvalid);
		if ('error' in endUser) return endUser.error;
		const outbound = numberField(body.outbound_number, ERROR_TEXTS.outboundNumberMissing, ERROR_TEXTS.outboundNumberInvalid);
		if ('error' in outbound) return outbound.error;
		const configured = tenant.outboundNumbers.map((number) => readUsNumber(number)).map((reading) => (reading.ok ? reading.e164 : undefined));
		if (!configured.includes(outbound.e164)) return ERROR_TEXTS.outboundNumberNotFound;
		if (typeof body.message !== 'string' || body.message.trim() === '') return ERROR_TEXTS.messageMissing;
		if (state.activeSession(tenant.subdomain, endUser.e164)) return ERROR_TEXTS.activeSession;
		return { endUser: endUser.e164, outbound: outbound.e164 };
	}

	/** The agent an `agentId` (integer) or `agentEmail` names; an unknown one leaves the chat unassigned [U]. */
	function agentFor(tenant: CcaiTenant, body: Record<string, unknown>): { agent: AgentInfo; byEmail: boolean } | undefined {
		if (typeof body.agentId === 'number') {
			const agent = tenant.agents.find((candidate) => candidate.id === body.agentId);
			return agent ? { agent, byEmail: false } : undefined;
		}
		if (typeof body.agentEmail === 'string') {
			const email = body.agentEmail.toLowerCase();
			const agent = tenant.agents.find((candidate) => candidate.email.toLowerCase() === email);
			return agent ? { agent, byEmail: true } : undefined;
		}
		return undefined;
	}

	function participant(chatId: number, type: ChatParticipant['type'], connectedAt: string, ids: { userId?: number; endUserId?: number }): ChatParticipant {
		return {
			id: state.participantId(),
			type,
			status: 'connected',
			chat_id: chatId,
			user_id: ids.userId ?? null,
			end_user_id: ids.endUserId ?? null,
			chat_duration: null,
			connected_at: connectedAt,
			ended_at: null,
			fail_reason: 'nothing',
		};
	}

	/** The documented chat object (doc quirks kept: `out_ticket_id` stays null). */
	function chat(tenant: CcaiTenant, body: Record<string, unknown>, endUser: string, outbound: string): ChatObject {
		const id = state.chatId();
		const createdAt = timestamp();
		const endUserId = state.endUserId(tenant.subdomain, endUser);
		const assigned = agentFor(tenant, body);
		const participants = [participant(id, 'end_user', createdAt, { endUserId })];
		if (assigned) participants.push(participant(id, 'agent', createdAt, { userId: assigned.agent.id }));
		const showAgent = assigned && (!assigned.byEmail || config().agentInfoForEmail);
		return {
			id,
			lang: 'en',
			chat_type: body.chat_type as string,
			status: assigned ? 'assigned' : 'selecting',
			created_at: createdAt,
			queued_at: null,
			assigned_at: assigned ? createdAt : null,
			ends_at: null,
			wait_duration: 0,
			chat_duration: 0,
			rating: null,
			has_feedback: false,
			out_ticket_id: null,
			out_ticket_url: null,
			verified: false,
			disconnected_by: 'disconnected_by_unknown',
			fail_reason: null,
			selected_menu: null,
			menu_path: null,
			agent_info: showAgent ? { ...assigned.agent } : null,
			end_user: { id: endUserId, identifier: null, out_contact_id: null },
			photos: [],
			videos: [],
			transfers: [],
			participants,
			offer_type: null,
			offer_events: [],
			answer_type: 'manual',
			outbound_number: outbound,
		};
	}

	/** Basic auth, then the per-customer rate limit, then the body. */
	function sms(request: ReceivedRequest): Reply {
		if (request.method !== 'POST') return { ...message(405, 'Method Not Allowed'), headers: { allow: 'POST' } };
		const credentials = basicCredentials(request.headers);
		const tenant = config().tenants.find((candidate) => candidate.subdomain === credentials?.username && candidate.apiToken === credentials?.password);
		// [I] The 401 body is not documented.
		if (!tenant) return message(401, 'Unauthorized');
		// [U] What an excess gets is not documented: 429 with this body, no Retry-After.
		if (!state.admit(tenant.subdomain, config().rateLimitPerSecond)) return message(429, 'Too Many Requests');
		// [I] Bodies that are not JSON objects are not documented either.
		if (!contentTypeIs(request.headers, 'application/json')) return message(400, 'Content-Type must be application/json');
		const parsed = parseJson(request.raw);
		if (!parsed.ok || !isPlainObject(parsed.value)) return message(400, 'The body must be a JSON object');
		const body = parsed.value;
		const verdict = refusal(tenant, body);
		if (typeof verdict === 'string') return message(400, verdict);
		const created = chat(tenant, body, verdict.endUser, verdict.outbound);
		state.startSession({ subdomain: tenant.subdomain, endUserNumber: verdict.endUser, chatId: created.id, startedAt: created.created_at });
		ctx.recorder.accept({ vendor: 'ccai', kind: 'sms', path: `${CCAI_PREFIX}${request.path}`, id: String(created.id), request: body, response: created });
		return jsonReply(200, created);
	}

	function endFilter(body: Record<string, unknown>): { subdomain?: string; endUserNumber?: string; chatId?: number } {
		const filter: { subdomain?: string; endUserNumber?: string; chatId?: number } = {};
		if (body.subdomain !== undefined) {
			if (typeof body.subdomain !== 'string') throw new AdminInputError('subdomain must be a string');
			filter.subdomain = body.subdomain;
		}
		if (body.end_user_number !== undefined) {
			const reading = readUsNumber(body.end_user_number);
			if (!reading.ok) throw new AdminInputError('end_user_number must be a US phone number');
			filter.endUserNumber = reading.e164;
		}
		if (body.chatId !== undefined) {
			if (!Number.isInteger(body.chatId)) throw new AdminInputError('chatId must be an integer');
			filter.chatId = body.chatId as number;
		}
		return filter;
	}

	return {
		name: 'ccai',
		title: 'Google CCAI Platform',
		prefix: CCAI_PREFIX,
		kinds: ['sms'],
		classify: (path) => (path === SMS_ENDPOINT ? 'sms' : undefined),
		handle: (_kind, request) => sms(request),
		faultReply: (_kind, fault) => jsonReply(fault.status, fault.body ?? { message: STATUS_CODES[fault.status] ?? 'Error' }),
		admin: {
			'sessions/end': { method: 'POST', handler: (body) => jsonReply(200, { ended: state.endSessions(endFilter(body)) }) },
			sessions: { method: 'GET', handler: () => jsonReply(200, state.activeSessions()) },
			chats: { method: 'GET', handler: () => jsonReply(200, ctx.recorder.accepted({ vendor: 'ccai', kind: 'sms' }).map((record) => record.response)) },
			'rate-limited': { method: 'GET', handler: () => jsonReply(200, state.rateLimited()) },
		},
		describe() {
			const base = `${ctx.baseUrl()}${CCAI_PREFIX}${API_BASE_PATH}`;
			const { rateLimitPerSecond } = config();
			return config().tenants.flatMap((tenant) => [
				`Google CCAI Platform credential (subdomain ${tenant.subdomain}):`,
				`  Base URL:             ${base}`,
				`  Subdomain (username): ${tenant.subdomain}`,
				`  API token (password): ${tenant.apiToken}`,
				`  Outbound SMS:         POST ${base}${SMS_PATH}`,
				`  Outbound numbers:     ${tenant.outboundNumbers.join(', ') || '(none)'}`,
				`  Agents:               ${tenant.agents.map((agent) => `${agent.id} ${agent.email}`).join(', ') || '(none)'}`,
				`  SMS ${tenant.smsEnabled ? 'enabled' : 'disabled'}, outbound SMS ${tenant.outboundSmsEnabled ? 'enabled' : 'disabled'}; ` +
					`rate limit ${rateLimitPerSecond ? `${rateLimitPerSecond} requests/s` : 'off'}`,
			]);
		},
		reset: () => state.reset(),
	};
}

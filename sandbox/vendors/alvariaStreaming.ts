import { HEADERS, STREAMING_PATHS, type CreateSessionResponse } from '../../nodes/Alvaria/contract';
import { headerValue } from '../../nodes/shared/signature';
import { jsonReply, matchPathTemplate, type ReceivedRequest, type Reply } from '../http';
import type { AlvariaOrg } from './alvariaConfig';
import type { AlvariaState, StreamingSession } from './alvariaState';
import { REASONS, detail, errorResponse } from './alvariaValidation';
import type { SandboxContext } from './types';

/** `{orgId}` and which streaming endpoint a path is, or undefined. */
export function matchStreamingPath(path: string): { orgId: string; endpoint: keyof typeof STREAMING_PATHS } | undefined {
	for (const [endpoint, template] of Object.entries(STREAMING_PATHS) as Array<[keyof typeof STREAMING_PATHS, string]>) {
		const match = matchPathTemplate(template, path);
		if (match) return { orgId: match.orgId, endpoint };
	}
	return undefined;
}

/** The live session `via-client-sessionid` names: 400 without the header, 410 when it is not (or no longer) live [I]. */
export function sessionOf(state: AlvariaState, request: ReceivedRequest, org: AlvariaOrg): { session: StreamingSession } | { reply: Reply } {
	const sessionId = headerValue(request.headers, HEADERS.sessionId);
	if (!sessionId) {
		return { reply: errorResponse(400, [detail(HEADERS.sessionId, REASONS.required, `${HEADERS.sessionId} header is required`)]) };
	}
	const session = state.liveSession(org.orgId, sessionId);
	if (!session) {
		return { reply: errorResponse(410, [detail(HEADERS.sessionId, REASONS.gone, 'the streaming session does not exist or has expired')]) };
	}
	return { session };
}

/**
 * The streaming-session endpoints [I: v3 Streaming Client pages]: create (POST session), long poll
 * (GET events: answers a JSON array of the queued events, or `[]` when none came within the poll
 * time; the array shape is [U]), end (DELETE session → 204 [U]). A session without a poll for
 * `inactivityDelay` seconds is gone (410).
 */
export function streamingHandler(ctx: SandboxContext, state: AlvariaState) {
	async function poll(session: StreamingSession): Promise<Reply> {
		if (session.events.length === 0) {
			const { done, wake } = ctx.scheduler.wakeableSleep(ctx.config().alvaria.pollTimeoutMs);
			session.pollsInFlight += 1;
			session.wakePolls.add(wake);
			try {
				await done;
			} finally {
				session.wakePolls.delete(wake);
				session.pollsInFlight -= 1;
			}
		}
		session.lastPollMs = Date.now();
		if (session.ended) return errorResponse(410, [detail(HEADERS.sessionId, REASONS.gone, `the streaming session was ${session.ended}`)]);
		return jsonReply(200, session.events.splice(0));
	}

	return async function handle(request: ReceivedRequest, org: AlvariaOrg, endpoint: keyof typeof STREAMING_PATHS): Promise<Reply> {
		if (endpoint === 'session' && request.method === 'POST') {
			// [U] The Create Session body is not documented: whatever is sent is accepted.
			const session = state.createSession(org.orgId);
			const answer: CreateSessionResponse = {
				sessionId: session.sessionId,
				creationTime: session.creationTime,
				inactivityDelay: session.inactivityDelaySeconds,
			};
			return jsonReply(200, answer);
		}
		const allowed = endpoint === 'session' ? ['POST', 'DELETE'] : ['GET'];
		if (!allowed.includes(request.method)) return { ...errorResponse(405), headers: { allow: allowed.join(', ') } };
		const found = sessionOf(state, request, org);
		if ('reply' in found) return found.reply;
		if (endpoint === 'events') return poll(found.session);
		state.endSession(found.session, 'deleted');
		return { status: 204 };
	};
}

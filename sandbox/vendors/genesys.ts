import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

import {
	API_BASE_PATH,
	DEFAULT_MESSAGES_PATH,
	HEADERS,
	MESSAGE_TYPES,
	SIGNATURE,
	type ApiAnswer,
	type OutboundMessage,
	type ReceiptMessage,
	type TextMessage,
} from '../../nodes/GenesysMulticloud/contract';
import { headerValue, verify } from '../../nodes/shared/signature';
import { contentTypeIs, jsonReply, parseJson, type ReceivedRequest, type Reply } from '../http';
import type { GenesysTenant } from './genesysConfig';
import { genesysConsole } from './genesysConsole';
import { GenesysEvents, type AgentMessageRequest } from './genesysEvents';
import { GenesysState } from './genesysState';
import { ERROR_CODES, errorAnswer, messagesBodyProblems } from './genesysValidation';
import type { SandboxContext, VendorMount } from './types';

export const GENESYS_PREFIX = '/genesys';

const [PATH_HEAD, PATH_TAIL] = `${API_BASE_PATH}${DEFAULT_MESSAGES_PATH}`.split('{channelId}');

/** The `{channelId}` of a messages path, or undefined when the path is not one. */
export function channelIdOfPath(path: string): string | undefined {
	if (!path.startsWith(PATH_HEAD) || !path.endsWith(PATH_TAIL) || path.length <= PATH_HEAD.length + PATH_TAIL.length) return undefined;
	const id = decodeURIComponent(path.slice(PATH_HEAD.length, path.length - PATH_TAIL.length));
	return id.includes('/') ? undefined : id;
}

function refuse(status: number, code: number, message: string): Reply {
	return jsonReply(status, errorAnswer(code, message));
}

export function createGenesys(ctx: SandboxContext): VendorMount {
	const config = () => ctx.config().genesys;
	const state = new GenesysState();
	const events = new GenesysEvents(ctx, config, state);

	/** Checks in the order 2e gives: channel, x-ccid, x-api-key, signature, body. */
	function authorise(request: ReceivedRequest): { tenant: GenesysTenant } | { reply: Reply } {
		const channelId = channelIdOfPath(request.path) ?? '';
		const tenant = config().tenants.find((candidate) => candidate.channelId === channelId);
		// [I] 400 for an unknown channel (404 is possible; the status is not documented).
		if (!tenant) return { reply: refuse(400, ERROR_CODES.unknownChannel, `Unknown channel ${channelId}`) };
		if (headerValue(request.headers, HEADERS.ccid) !== tenant.ccid) {
			return { reply: refuse(400, ERROR_CODES.wrongCcid, 'Missing or unknown x-ccid') };
		}
		if (tenant.apiKey && headerValue(request.headers, HEADERS.apiKey) !== tenant.apiKey) {
			return { reply: refuse(401, ERROR_CODES.badApiKey, 'Missing or invalid x-api-key') };
		}
		const verdict = verify(SIGNATURE, tenant.appSecret, request.headers[SIGNATURE.header], request.raw);
		if (verdict !== 'valid') {
			return { reply: refuse(401, ERROR_CODES.badSignature, verdict === 'missing' ? 'Missing X-Hub-Signature' : 'Invalid X-Hub-Signature') };
		}
		return { tenant };
	}

	function messages(request: ReceivedRequest): Reply {
		if (request.method !== 'POST') return refuse(405, ERROR_CODES.invalidBody, 'Only POST is allowed');
		const auth = authorise(request);
		if ('reply' in auth) return auth.reply;
		const { tenant } = auth;
		if (!contentTypeIs(request.headers, 'application/json')) return refuse(400, ERROR_CODES.contentType, 'Content-Type must be application/json');
		const parsed = parseJson(request.raw);
		if (!parsed.ok) return refuse(400, ERROR_CODES.invalidBody, 'Malformed JSON');
		const problems = messagesBodyProblems(parsed.value);
		if (problems.length) return refuse(400, ERROR_CODES.invalidBody, problems.join('; '));
		return accept(tenant, request.path, (parsed.value as { messages: OutboundMessage[] }).messages);
	}

	function accept(tenant: GenesysTenant, path: string, list: OutboundMessage[]): Reply {
		const hasText = list.some((message) => message.type === MESSAGE_TYPES.text);
		const ids = list.map(() => `${Date.now()}-${randomUUID().slice(0, 8)}`);
		list.forEach((message, index) => {
			if (message.type === MESSAGE_TYPES.text) {
				const text = message as TextMessage;
				state.noteConsumer(tenant.channelId, text.channel.from.id);
				ctx.recorder.accept({ vendor: 'genesys', kind: 'message', path: `${GENESYS_PREFIX}${path}`, id: ids[index], request: message, response: { id: ids[index] } });
				afterAccept(tenant, text);
			} else {
				const receipt = message as ReceiptMessage;
				const knownMessage = state.knowsAgentMessage(tenant.channelId, receipt.channel.messageId);
				// [I] Receipts for unknown messageIds are flagged, not refused.
				ctx.recorder.accept({ vendor: 'genesys', kind: 'receipt', path: `${GENESYS_PREFIX}${path}`, id: receipt.channel.messageId, request: message, response: { knownMessage } });
			}
		});
		const answer: ApiAnswer = hasText ? { status: { code: 0 }, data: { ids } } : { status: { code: 0 } };
		return jsonReply(200, answer);
	}

	/** The simulated agent answers an accepted consumer message through the webhook, in the background. */
	function afterAccept(tenant: GenesysTenant, message: TextMessage): void {
		if (!tenant.autoReply || !tenant.webhookUrl) return;
		ctx.scheduler.later(tenant.autoReplyDelayMs, () =>
			events.send({
				channelId: tenant.channelId,
				from: message.channel.to.id,
				to: message.channel.from.id,
				text: `Agent: we received "${message.text}"`,
			}),
		);
	}

	return {
		name: 'genesys',
		title: 'Genesys Multicloud CX',
		prefix: GENESYS_PREFIX,
		kinds: ['messages'],
		classify: (path) => (channelIdOfPath(path) !== undefined ? 'messages' : undefined),
		handle: (_kind, request) => messages(request),
		signatureVerdict(_kind, request) {
			const tenant = config().tenants.find((candidate) => candidate.channelId === channelIdOfPath(request.path));
			return tenant ? verify(SIGNATURE, tenant.appSecret, request.headers[SIGNATURE.header], request.raw) : undefined;
		},
		faultReply: (_kind, fault) =>
			jsonReply(fault.status, fault.body ?? errorAnswer(fault.status >= 500 ? ERROR_CODES.internal : ERROR_CODES.invalidBody, STATUS_CODES[fault.status] ?? 'Error')),
		admin: {
			events: { method: 'POST', handler: async (body) => jsonReply(200, await events.send(body as AgentMessageRequest)) },
			deliveries: { method: 'GET', handler: () => jsonReply(200, state.deliveries()) },
			receipts: { method: 'GET', handler: () => jsonReply(200, ctx.recorder.accepted({ vendor: 'genesys', kind: 'receipt' })) },
			messages: { method: 'GET', handler: () => jsonReply(200, ctx.recorder.accepted({ vendor: 'genesys', kind: 'message' })) },
		},
		describe() {
			const base = `${ctx.baseUrl()}${GENESYS_PREFIX}${API_BASE_PATH}`;
			return config().tenants.flatMap((tenant) => [
				`Genesys Multicloud CX credential (channel ${tenant.channelId}):`,
				`  API Base URL:         ${base}`,
				`  Channel ID:           ${tenant.channelId}`,
				`  App Secret:           ${tenant.appSecret}`,
				`  Contact Center ID:    ${tenant.ccid}`,
				`  API Key:              ${tenant.apiKey || '(not checked)'}`,
				`  Messages:             ${base}${DEFAULT_MESSAGES_PATH.replace('{channelId}', encodeURIComponent(tenant.channelId))}`,
				`  Business IDs:         ${tenant.businessIds.join(', ')}`,
				`  Webhook:              ${tenant.webhookUrl || '(not set: genesys.tenants[].webhookUrl)'}; auto-reply ${tenant.autoReply ? 'on' : 'off'}`,
			]);
		},
		console: genesysConsole(ctx, config, events),
		reset: () => state.reset(),
	};
}

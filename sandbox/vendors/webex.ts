import { randomUUID } from 'node:crypto';

import {
	RESPONSE_CODES,
	RESPONSE_DESCRIPTIONS,
	SEND_PATH,
	STATUS,
	type ResponseCode,
	type ResponseEntry,
	type SendAnswer,
	type SendRequest,
	type StatusCode,
} from '../../nodes/WebexConnect/contract';
import { contentTypeIs, jsonReply, parseJson, type ReceivedRequest, type Reply } from '../http';
import type { SandboxContext, VendorMount } from './types';
import { authenticate } from './webexAuth';
import { destinationCap, type WebexConfig, type WebexService } from './webexConfig';
import { WebexNotifier, type CustomNotification } from './webexNotifications';
import { MSISDN_FORMAT, checkSendRequest } from './webexValidation';

export const WEBEX_PREFIX = '/webex';

/** Every Messaging API answer is HTTP 200; an error is `response` as an object [C]. */
function errorAnswer(code: string, description: string, transid = randomUUID()): SendAnswer {
	return { response: { code, description, transid } };
}

function refuse(code: ResponseCode, description: string = RESPONSE_DESCRIPTIONS[code]): Reply {
	return jsonReply(200, errorAnswer(code, description));
}

function withoutPlus(msisdn: string): string {
	return msisdn.replace(/^\+/, '');
}

/** What becomes of one accepted number [I: the sandbox's rules]. */
function finalCode(msisdn: string, request: SendRequest, config: WebexConfig, now: number): StatusCode {
	if (!MSISDN_FORMAT.test(msisdn)) return STATUS.invalidAddress;
	const senderId = request.channels.sms.senderid;
	if (senderId !== undefined && config.service.senderIds.length > 0 && !config.service.senderIds.includes(senderId)) {
		return STATUS.invalidSenderId;
	}
	if (request.expiry !== undefined && Date.parse(request.expiry) <= now) return STATUS.expired;
	const failing = config.notifications.failingNumbers.find((entry) => withoutPlus(entry.msisdn) === withoutPlus(msisdn));
	return failing?.code ?? STATUS.delivered;
}

export function createWebex(ctx: SandboxContext): VendorMount {
	const config = () => ctx.config().webex;
	const notifier = new WebexNotifier(ctx, config);

	/** Checked in this order [I]: IP allow-list, credentials, service state, JSON, body. */
	function messaging(request: ReceivedRequest): Reply {
		// [I] The API is POST-only; other methods are not part of the documented contract.
		if (request.method !== 'POST') return { ...jsonReply(405, { error: 'method_not_allowed' }), headers: { allow: 'POST' } };
		const service: WebexService = config().service;
		if (!service.ipAllowed) return refuse(RESPONSE_CODES.ipNotAllowed);
		const auth = authenticate(request.headers, service);
		if (!auth.ok) return refuse(auth.code);
		if (!service.active) return refuse(RESPONSE_CODES.serviceInactive);
		// [I] A body not sent as JSON is judged like malformed JSON.
		if (!contentTypeIs(request.headers, 'application/json')) return refuse(RESPONSE_CODES.invalidJson);
		const parsed = parseJson(request.raw);
		if (!parsed.ok) return refuse(RESPONSE_CODES.invalidJson);
		const verdict = checkSendRequest(parsed.value, destinationCap(service));
		if (!verdict.ok) return jsonReply(200, errorAnswer(verdict.code, verdict.description));
		return accept(verdict.request);
	}

	/** One `1001 Queued` per destination entry, in order; each number's reports follow in the background. */
	function accept(request: SendRequest): Reply {
		const current = config();
		const now = Date.now();
		const notifyUrl = request.notifyurl || current.service.notifyUrl;
		const response = request.destination.map((destination): ResponseEntry => {
			const transid = randomUUID();
			const correlationid = destination.correlationid ?? request.correlationid ?? '';
			for (const msisdn of destination.msisdn) {
				const queued = { transid, msisdn, correlationid, callbackData: request.callbackData ?? '', notifyUrl, finalCode: finalCode(msisdn, request, current, now) };
				ctx.recorder.accept({
					vendor: 'webex',
					kind: 'message',
					path: `${WEBEX_PREFIX}${SEND_PATH}`,
					id: transid,
					request: {
						msisdn,
						correlationid,
						callbackData: queued.callbackData,
						senderid: request.channels.sms.senderid,
						text: request.channels.sms.text,
						type: request.channels.sms.type,
						template: request.message?.template,
						notifyurl: notifyUrl,
					},
					response: { transid, finalCode: queued.finalCode },
				});
				notifier.schedule(queued);
			}
			return { code: RESPONSE_CODES.queued, transid, description: RESPONSE_DESCRIPTIONS[RESPONSE_CODES.queued] };
		});
		return jsonReply(200, { response } satisfies SendAnswer);
	}

	function faultCode(status: number): ResponseCode {
		if (status === 429) return RESPONSE_CODES.transactionLimit;
		if (status === 401 || status === 403) return RESPONSE_CODES.authenticationFailed;
		return status >= 500 ? RESPONSE_CODES.internalError : RESPONSE_CODES.invalidParameters;
	}

	const deliveries = (kind?: string) => ctx.recorder.deliveries({ vendor: 'webex', kind });

	return {
		name: 'webex',
		title: 'Webex Connect',
		prefix: WEBEX_PREFIX,
		kinds: ['messaging'],
		classify: (path) => (path === SEND_PATH ? 'messaging' : undefined),
		handle: (_kind, request) => messaging(request),
		faultReply: (_kind, fault) => {
			const code = faultCode(fault.status);
			return jsonReply(fault.status, fault.body ?? errorAnswer(code, RESPONSE_DESCRIPTIONS[code]));
		},
		admin: {
			'notify-url': { method: 'POST', handler: async (body) => jsonReply(200, await notifier.probe(body.url)) },
			notify: { method: 'POST', handler: async (body) => jsonReply(200, await notifier.notify(body as unknown as CustomNotification)) },
			messages: { method: 'GET', handler: () => jsonReply(200, ctx.recorder.accepted({ vendor: 'webex', kind: 'message' })) },
			notifications: { method: 'GET', handler: () => jsonReply(200, deliveries().filter((record) => record.kind !== 'probe')) },
			probes: { method: 'GET', handler: () => jsonReply(200, deliveries('probe')) },
		},
		describe() {
			const { service, notifications } = config();
			const base = `${ctx.baseUrl()}${WEBEX_PREFIX}`;
			const signature = service.hubSecret ? `${service.hubAlgorithm}, hex${service.hubPrefix ? `, "${service.hubAlgorithm}=" prefix` : ''}` : 'not signed';
			return [
				`Webex Connect credential (service ${service.serviceId}):`,
				`  API Base URL:         ${base}`,
				`  Service Key:          ${service.serviceKey}`,
				`  Service ID:           ${service.serviceId}`,
				`  Service Secret:       ${service.serviceSecret} (Base64; JWTs are signed with the decoded bytes)`,
				`  Hub Secret:           ${service.hubSecret || '(none)'} (x-hub-signature: ${signature})`,
				`  Send:                 POST ${base}${SEND_PATH} (auth: ${service.auth})`,
				`  Notify URL:           ${service.notifyUrl || '(not set: POST /_admin/webex/notify-url {"url"})'}; retries ${notifications.retries} × ${notifications.retryIntervalMs} ms`,
			];
		},
		reset: () => notifier.reset(),
	};
}

import {
	BINARY_SMS_TYPE,
	DELIVERY_CHANNEL_SMS,
	LIMITS,
	MISSING_PARAMETER,
	RESPONSE_CODES,
	RESPONSE_DESCRIPTIONS,
	byteLength,
	isSmsType,
	textLength,
	type SendRequest,
} from '../../nodes/WebexConnect/contract';
import { isPlainObject } from '../http';

export type BodyVerdict = { ok: true; request: SendRequest } | { ok: false; code: string; description: string };

/** [I] A number Webex can route: E.164 digits, the `+` optional ("older tenants might still accept other formats"). */
export const MSISDN_FORMAT = /^\+?[1-9]\d{6,14}$/;

const SMART_LINK_PLACEHOLDER = /\{\{link_([^}]+)\}\}/g;

function missing(description: string): BodyVerdict {
	return { ok: false, code: RESPONSE_CODES.mandatoryParameterMissing, description };
}

/** 7004 with the documented description; the detail in parentheses is the sandbox's own [I]. */
function invalid(detail: string): BodyVerdict {
	return { ok: false, code: RESPONSE_CODES.invalidParameters, description: `${RESPONSE_DESCRIPTIONS[RESPONSE_CODES.invalidParameters]} (${detail})` };
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

function isHex(value: string): boolean {
	return /^(?:[0-9a-fA-F]{2})+$/.test(value);
}

/** 7003: what is mandatory and absent, in the order the body is read [I]. */
function missingProblem(body: Record<string, unknown>): BodyVerdict | undefined {
	if (isBlank(body.deliverychannel)) return missing("param 'deliverychannel' missing");
	const channels = body.channels;
	if (channels === undefined || (isPlainObject(channels) && channels.sms === undefined)) return missing(MISSING_PARAMETER.sms);
	const sms = isPlainObject(channels) ? channels.sms : undefined;
	if (isPlainObject(sms)) {
		const usesTemplate = isPlainObject(body.message) && !isBlank(body.message.template);
		if (isBlank(sms.text) && !usesTemplate) return missing(MISSING_PARAMETER.text);
		if (sms.type === BINARY_SMS_TYPE && isBlank(sms.body)) return missing(MISSING_PARAMETER.body);
	}
	if (isPlainObject(channels) && isPlainObject(channels.contactPolicy)) {
		const policy = channels.contactPolicy;
		if ((policy.channelCheckConsent === true || policy.channelApplyFrequencyCap === true) && isBlank(policy.contactPolicyGroup)) {
			return missing("param 'contactPolicyGroup' missing");
		}
	}
	const destination = body.destination;
	if (!Array.isArray(destination) || destination.length === 0) return missing(MISSING_PARAMETER.destination);
	for (const entry of destination) {
		if (isPlainObject(entry) && (entry.msisdn === undefined || (Array.isArray(entry.msisdn) && entry.msisdn.length === 0))) {
			return missing(MISSING_PARAMETER.destination);
		}
	}
	return undefined;
}

/** 7009: destination entries and numbers are both capped [I: the unit of "1000 destinations" is unknown]. */
function countProblem(destination: unknown[], cap: number): BodyVerdict | undefined {
	const numbers = destination.reduce<number>((sum, entry) => sum + (isPlainObject(entry) && Array.isArray(entry.msisdn) ? entry.msisdn.length : 1), 0);
	if (destination.length <= cap && numbers <= cap) return undefined;
	return {
		ok: false,
		code: RESPONSE_CODES.tooManyDestinations,
		description: RESPONSE_DESCRIPTIONS[RESPONSE_CODES.tooManyDestinations].replace(String(LIMITS.destinations), String(cap)),
	};
}

function correlationIdProblem(value: unknown, field: string): BodyVerdict | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string') return invalid(`${field} must be a string`);
	if (byteLength(value) > LIMITS.correlationIdBytes) return invalid(`${field} is longer than ${LIMITS.correlationIdBytes} bytes`);
	return undefined;
}

function optionalString(body: Record<string, unknown>, field: string, prefix = ''): BodyVerdict | undefined {
	const value = body[field];
	return value === undefined || typeof value === 'string' ? undefined : invalid(`${prefix}${field} must be a string`);
}

function smsProblem(sms: Record<string, unknown>, smartlinks: unknown): BodyVerdict | undefined {
	if (sms.text !== undefined && typeof sms.text !== 'string') return invalid('channels.sms.text must be a string');
	if (typeof sms.text === 'string' && textLength(sms.text) > LIMITS.text) return invalid(`channels.sms.text is longer than ${LIMITS.text} characters`);
	if (sms.type !== undefined && !isSmsType(sms.type)) return invalid('channels.sms.type must be "1", "2", "3" or "4"');
	for (const field of ['senderid', 'body']) {
		const problem = optionalString(sms, field, 'channels.sms.');
		if (problem) return problem;
	}
	if (sms.type === BINARY_SMS_TYPE && !isHex(sms.body as string)) return invalid('channels.sms.body must be hexadecimal');
	if (sms.extras !== undefined && (!isPlainObject(sms.extras) || optionalString(sms.extras, 'dlt_templateid'))) {
		return invalid('channels.sms.extras.dlt_templateid must be a string');
	}
	if (smartlinks !== undefined && (!Array.isArray(smartlinks) || smartlinks.some((link) => !isPlainObject(link) || isBlank(link.linkid)))) {
		return invalid('channels.smartlinks must be an array of {linkid, validity}');
	}
	const linkIds = new Set((Array.isArray(smartlinks) ? smartlinks : []).map((link: Record<string, unknown>) => String(link.linkid)));
	for (const [, linkId] of typeof sms.text === 'string' ? sms.text.matchAll(SMART_LINK_PLACEHOLDER) : []) {
		if (!linkIds.has(linkId)) return invalid(`{{link_${linkId}}} needs channels.smartlinks with linkid ${linkId}`);
	}
	return undefined;
}

function destinationProblem(destination: unknown[]): BodyVerdict | undefined {
	for (const [index, entry] of destination.entries()) {
		if (!isPlainObject(entry)) return invalid(`destination[${index}] must be an object`);
		if (!Array.isArray(entry.msisdn) || entry.msisdn.some((number) => typeof number !== 'string')) {
			return invalid(`destination[${index}].msisdn must be an array of strings`);
		}
		const problem = correlationIdProblem(entry.correlationid, `destination[${index}].correlationid`);
		if (problem) return problem;
	}
	return undefined;
}

function messageProblem(message: unknown): BodyVerdict | undefined {
	if (message === undefined) return undefined;
	if (!isPlainObject(message) || typeof message.template !== 'string') return invalid('message.template must be a string');
	const parameters = message.parameters;
	if (parameters !== undefined && (!isPlainObject(parameters) || Object.values(parameters).some((value) => typeof value !== 'string'))) {
		return invalid('message.parameters must be an object of strings');
	}
	return undefined;
}

function contactPolicyProblem(policy: unknown): BodyVerdict | undefined {
	if (policy === undefined) return undefined;
	if (!isPlainObject(policy)) return invalid('channels.contactPolicy must be an object');
	if (policy.channelCheckConsent !== true && policy.channelApplyFrequencyCap !== true) {
		return invalid('channels.contactPolicy needs channelCheckConsent or channelApplyFrequencyCap set to true');
	}
	return undefined;
}

/** 7004: present but wrong values [C limits; I code and order]. */
function invalidProblem(body: Record<string, unknown>): BodyVerdict | undefined {
	if (body.deliverychannel !== DELIVERY_CHANNEL_SMS) return invalid('deliverychannel must be sms: the sandbox simulates the SMS channel');
	const channels = body.channels;
	if (!isPlainObject(channels) || !isPlainObject(channels.sms)) return invalid('channels.sms must be an object');
	const sms = channels.sms;
	const checks = [
		() => smsProblem(sms, channels.smartlinks),
		() => contactPolicyProblem(channels.contactPolicy),
		() => destinationProblem(body.destination as unknown[]),
		() => correlationIdProblem(body.correlationid, 'correlationid'),
		() => optionalString(body, 'callbackData'),
		() => (typeof body.callbackData === 'string' && byteLength(body.callbackData) > LIMITS.callbackData ? invalid(`callbackData is longer than ${LIMITS.callbackData} bytes`) : undefined),
		() => optionalString(body, 'notifyurl'),
		() => optionalString(body, 'notifyurlAuthId'),
		() => optionalString(body, 'expiry'),
		() => (typeof body.expiry === 'string' && Number.isNaN(Date.parse(body.expiry)) ? invalid('expiry is not a UTC date-time') : undefined),
		() => messageProblem(body.message),
	];
	for (const check of checks) {
		const problem = check();
		if (problem) return problem;
	}
	return undefined;
}

/**
 * The body checks of a Messaging API request, in the order 7003 (missing), 7009 (too many
 * destinations), 7004 (invalid values). A JSON value that is not an object answers 7000 [I].
 */
export function checkSendRequest(body: unknown, destinationCap: number): BodyVerdict {
	if (!isPlainObject(body)) return { ok: false, code: RESPONSE_CODES.invalidJson, description: RESPONSE_DESCRIPTIONS[RESPONSE_CODES.invalidJson] };
	const problem = missingProblem(body) ?? countProblem(body.destination as unknown[], destinationCap) ?? invalidProblem(body);
	return problem ?? { ok: true, request: body as unknown as SendRequest };
}

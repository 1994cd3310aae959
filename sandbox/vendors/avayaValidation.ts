import { BODY_TYPES, CHANNEL, LIMITS, type Violation } from '../../nodes/AvayaInfinity/contract';
import { isPlainObject } from '../http';

/**
 * Send Message constraint checks (vendor-notes 1b). The `code` values are [I]: the spec shows only
 * the example 20006 and no list, so these are the sandbox's own, stable numbering.
 */
export const VIOLATION_CODES = {
	required: 20001,
	tooLong: 20002,
	invalidValue: 20003,
	tooMany: 20004,
	wrongType: 20005,
	notRegistered: 20006,
} as const;

type Checks = Violation[];

function violation(out: Checks, field: string, message: string, code: number): void {
	out.push({ field, message, code });
}

function sizeMessage(max: number): string {
	return `size must be between 0 and ${max}`;
}

/** A string field: present (if required), a string, non-blank (if required), within `max`. */
function checkString(out: Checks, value: unknown, field: string, max: number, required: boolean): void {
	if (value === undefined || value === null) {
		if (required) violation(out, field, 'must not be null', VIOLATION_CODES.required);
		return;
	}
	if (typeof value !== 'string') return violation(out, field, 'must be a string', VIOLATION_CODES.wrongType);
	if (required && value.trim() === '') return violation(out, field, 'must not be blank', VIOLATION_CODES.required);
	if (value.length > max) violation(out, field, sizeMessage(max), VIOLATION_CODES.tooLong);
}

function checkStringArray(out: Checks, value: unknown, field: string, items: number, each: number): void {
	if (value === undefined || value === null) return;
	if (!Array.isArray(value)) return violation(out, field, 'must be an array', VIOLATION_CODES.wrongType);
	if (value.length > items) violation(out, field, sizeMessage(items), VIOLATION_CODES.tooMany);
	value.forEach((item, index) => checkString(out, item, `${field}[${index}]`, each, true));
}

/** An optional or required nested object; returns it when it is one. */
function checkObject(out: Checks, value: unknown, field: string, required: boolean): Record<string, unknown> | undefined {
	if (value === undefined || value === null) {
		if (required) violation(out, field, 'must not be null', VIOLATION_CODES.required);
		return undefined;
	}
	if (!isPlainObject(value)) {
		violation(out, field, 'must be an object', VIOLATION_CODES.wrongType);
		return undefined;
	}
	return value;
}

function checkHeaders(out: Checks, value: unknown): void {
	const headers = checkObject(out, value, 'headers', true);
	if (!headers) return;
	checkString(out, headers.from, 'headers.from', LIMITS.from, true);
	checkString(out, headers.destination, 'headers.destination', LIMITS.destination, true);
	checkStringArray(out, headers.to, 'headers.to', LIMITS.to.items, LIMITS.to.each);
}

function checkBody(out: Checks, value: unknown): void {
	const body = checkObject(out, value, 'body', true);
	if (!body) return;
	if (body.type !== undefined && !(BODY_TYPES as readonly unknown[]).includes(body.type)) {
		violation(out, 'body.type', 'invalid body type', VIOLATION_CODES.invalidValue);
	}
	checkString(out, body.text, 'body.text', LIMITS.text, body.type !== 'reply');
}

function checkContextParameters(out: Checks, value: unknown): void {
	const params = checkObject(out, value, 'contextParameters', false);
	if (!params) return;
	const keys = Object.keys(params);
	if (keys.length > LIMITS.contextParameters.keys) {
		violation(out, 'contextParameters', sizeMessage(LIMITS.contextParameters.keys), VIOLATION_CODES.tooMany);
	}
	for (const key of keys) checkString(out, params[key], `contextParameters.${key}`, LIMITS.contextParameters.value, false);
}

function checkContextMessages(out: Checks, value: unknown): void {
	if (value === undefined || value === null) return;
	if (!Array.isArray(value)) return violation(out, 'contextMessages', 'must be an array', VIOLATION_CODES.wrongType);
	if (value.length > LIMITS.contextMessages.items) {
		violation(out, 'contextMessages', sizeMessage(LIMITS.contextMessages.items), VIOLATION_CODES.tooMany);
	}
	value.forEach((item, index) => {
		const message = checkObject(out, item, `contextMessages[${index}]`, true);
		if (!message) return;
		checkString(out, message.text, `contextMessages[${index}].text`, LIMITS.contextMessages.text, true);
		checkString(out, message.timestamp, `contextMessages[${index}].timestamp`, Number.MAX_SAFE_INTEGER, true);
	});
}

function checkOptionalExtras(out: Checks, request: Record<string, unknown>): void {
	const provider = checkObject(out, request.providerMetaData, 'providerMetaData', false);
	if (provider) {
		checkString(out, provider.messageId, 'providerMetaData.messageId', LIMITS.providerMessageId, false);
		checkString(out, provider.messageTimestamp, 'providerMetaData.messageTimestamp', Number.MAX_SAFE_INTEGER, false);
	}
	const sender = checkObject(out, request.sender, 'sender', false);
	if (sender) checkString(out, sender.displayName, 'sender.displayName', LIMITS.senderDisplayName, false);
	checkString(out, request.correlationId, 'correlationId', LIMITS.correlationId, false);
	checkStringArray(out, request.attachmentIds, 'attachmentIds', LIMITS.attachmentIds.items, LIMITS.attachmentIds.each);
}

/** Every constraint violation of a Send Message body, one entry per bad field. */
export function sendMessageViolations(request: unknown): Violation[] {
	const out: Checks = [];
	if (!isPlainObject(request)) {
		violation(out, 'requestBody', 'must be a JSON object', VIOLATION_CODES.wrongType);
		return out;
	}
	checkString(out, request.connectorId, 'connectorId', LIMITS.connectorId, true);
	if (request.channel === undefined || request.channel === null) {
		violation(out, 'channel', 'must not be null', VIOLATION_CODES.required);
	} else if (request.channel !== CHANNEL) {
		violation(out, 'channel', 'invalid channel', VIOLATION_CODES.invalidValue);
	}
	checkHeaders(out, request.headers);
	checkBody(out, request.body);
	checkContextParameters(out, request.contextParameters);
	checkContextMessages(out, request.contextMessages);
	checkOptionalExtras(out, request);
	return out;
}

import {
	LIMITS,
	MESSAGE_TYPES,
	RECEIPT_STATUSES,
	isReasonCode,
	type ApiAnswer,
} from '../../nodes/GenesysMulticloud/contract';
import { isPlainObject } from '../http';

/**
 * Non-zero `status.code` values of the sandbox's error answers. Genesys documents none [U]; these
 * are the sandbox's own, stable numbering.
 */
export const ERROR_CODES = {
	invalidBody: 1001,
	unknownChannel: 1002,
	wrongCcid: 1003,
	badSignature: 1004,
	badApiKey: 1005,
	contentType: 1006,
	internal: 1500,
} as const;

export function errorAnswer(code: number, message: string): ApiAnswer {
	return { status: { code, message } };
}

function addressProblem(value: unknown, field: string): string | undefined {
	if (!isPlainObject(value)) return `${field} is required`;
	if (typeof value.id !== 'string' || value.id.trim() === '') return `${field}.id is required`;
	if (value.id.length > LIMITS.addressId) return `${field}.id is longer than ${LIMITS.addressId} characters`;
	return undefined;
}

function receiptProblems(message: Record<string, unknown>, at: string): string[] {
	const problems: string[] = [];
	if (!(RECEIPT_STATUSES as readonly unknown[]).includes(message.status)) {
		problems.push(`${at}.status must be one of ${RECEIPT_STATUSES.join(', ')}`);
	}
	if (message.reasons === undefined) return problems;
	// [I] reasons only make sense for a Failed receipt.
	if (message.status !== 'Failed') problems.push(`${at}.reasons is only allowed with status Failed`);
	if (!Array.isArray(message.reasons)) return [...problems, `${at}.reasons must be an array`];
	message.reasons.forEach((reason, index) => {
		if (!isPlainObject(reason) || !isReasonCode(reason.code)) problems.push(`${at}.reasons[${index}].code is not a documented reason code`);
		else if (reason.message !== undefined && typeof reason.message !== 'string') problems.push(`${at}.reasons[${index}].message must be a string`);
	});
	return problems;
}

function messageProblems(message: unknown, at: string): string[] {
	if (!isPlainObject(message)) return [`${at} must be an object`];
	const problems: string[] = [];
	const channel = message.channel;
	if (!isPlainObject(channel)) problems.push(`${at}.channel is required`);
	else {
		for (const side of ['from', 'to'] as const) {
			const problem = addressProblem(channel[side], `${at}.channel.${side}`);
			if (problem) problems.push(problem);
		}
		if (typeof channel.messageId !== 'string' || channel.messageId === '') problems.push(`${at}.channel.messageId is required`);
	}
	if (message.type === MESSAGE_TYPES.text) {
		if (typeof message.text !== 'string' || message.text.trim() === '') problems.push(`${at}.text is required for type Text`);
	} else if (message.type === MESSAGE_TYPES.receipt) {
		problems.push(...receiptProblems(message, at));
	} else {
		problems.push(`${at}.type must be Text or Receipt`);
	}
	return problems;
}

/** Every problem of a Message/Receipt API body; empty when it is acceptable. */
export function messagesBodyProblems(body: unknown): string[] {
	if (!isPlainObject(body)) return ['body must be a JSON object'];
	if (!Array.isArray(body.messages) || body.messages.length === 0) return ['messages must be a non-empty array'];
	return body.messages.flatMap((message, index) => messageProblems(message, `messages[${index}]`));
}

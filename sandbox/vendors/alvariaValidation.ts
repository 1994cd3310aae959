import { STATUS_CODES } from 'node:http';

import {
	ENTITY_TYPES,
	EXPIRES_AFTER_SECONDS,
	TYPING_STATE,
	type ErrorDetail,
	type ErrorResponse,
	type Operation,
} from '../../nodes/Alvaria/contract';
import { jsonReply, type Reply } from '../http';

/**
 * Request checks of the messaging operations (vendor-notes 3e.5). The doc documents the
 * ErrorResponse shape but no texts [I]: each bad field is one `errors[]` entry whose `scope` is the
 * field name and whose `reason` is one of these.
 */
export const REASONS = {
	required: 'required',
	wrongType: 'invalidType',
	invalidValue: 'invalidValue',
	notFound: 'notFound',
	gone: 'gone',
} as const;

/** An ErrorResponse: `code` is the HTTP status, `message` its lower-case phrase as in the doc's example. */
export function errorResponse(status: number, errors?: ErrorDetail[]): Reply {
	const body: ErrorResponse = { code: status, message: (STATUS_CODES[status] ?? 'error').toLowerCase() };
	if (errors?.length) body.errors = errors;
	return jsonReply(status, body);
}

export function detail(scope: string, reason: string, message: string): ErrorDetail {
	return { scope, reason, message };
}

function requiredString(body: Record<string, unknown>, field: string, out: ErrorDetail[]): void {
	const value = body[field];
	if (value === undefined || value === null) out.push(detail(field, REASONS.required, `${field} is required`));
	else if (typeof value !== 'string') out.push(detail(field, REASONS.wrongType, `${field} must be a string`));
	else if (value.trim() === '') out.push(detail(field, REASONS.required, `${field} must not be empty`));
}

/** Every bad field of an operation's body, in the order of the doc's schema. */
export function operationProblems(operation: Operation, body: Record<string, unknown>): ErrorDetail[] {
	const out: ErrorDetail[] = [];
	requiredString(body, 'interactionId', out);
	requiredString(body, 'entityName', out);
	requiredString(body, 'entityType', out);
	if (typeof body.entityType === 'string' && body.entityType.trim() !== '' && !(ENTITY_TYPES as readonly string[]).includes(body.entityType)) {
		out.push(detail('entityType', REASONS.invalidValue, `entityType must be one of ${ENTITY_TYPES.join(', ')}`));
	}
	if (operation === 'sendText') requiredString(body, 'text', out);
	if (operation === 'sendUrl') requiredString(body, 'url', out);
	if (operation === 'notification') {
		requiredString(body, 'state', out);
		if (typeof body.state === 'string' && body.state.trim() !== '' && body.state !== TYPING_STATE) {
			out.push(detail('state', REASONS.invalidValue, `state must be ${TYPING_STATE}`));
		}
		const expires = body.expiresAfterSeconds;
		const { min, max } = EXPIRES_AFTER_SECONDS;
		if (expires !== undefined && (!Number.isInteger(expires) || (expires as number) < min || (expires as number) > max)) {
			out.push(detail('expiresAfterSeconds', REASONS.invalidValue, `expiresAfterSeconds must be an integer from ${min} to ${max}`));
		}
	}
	return out;
}

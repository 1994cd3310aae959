import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { CredentialError } from './credentials';
import { TokenRequestError } from './tokenCache';
import { TransportError } from './transport';

/**
 * The vendor answered, and refused. Carries its HTTP status, its own error text and, for vendors
 * that put an error code in the body (Genesys `status.code`), that code.
 */
export class VendorError extends Error {
	constructor(
		readonly vendor: string,
		readonly status: number,
		readonly vendorMessage: string,
		readonly vendorBody: unknown,
		readonly vendorCode?: string | number,
	) {
		const code = vendorCode === undefined ? '' : `, code ${vendorCode}`;
		super(`${vendor} refused the request (HTTP ${status}${code}): ${vendorMessage}`);
		this.name = 'VendorError';
	}
}

/** A parameter or input field is wrong; nothing was sent. */
export class InputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}

/** The vendor (or its token endpoint) refused who we are: a 401, after which the request may be sent again. */
export function isAuthRefusal(error: unknown): boolean {
	return (error instanceof VendorError || error instanceof TokenRequestError) && error.status === 401;
}

/** Turns any failure of one item into the n8n error shown on the canvas. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof CredentialError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: 'Fill in these fields of the credential. Nothing was sent.',
		});
	}
	if (error instanceof InputError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: `Check the "${error.field}" field. Nothing was sent for this item.`,
		});
	}
	if (error instanceof VendorError) {
		const response: JsonObject = { status: error.status, vendorResponse: error.vendorBody as JsonObject };
		if (error.vendorCode !== undefined) response.vendorCode = error.vendorCode;
		const nodeError = new NodeApiError(node, response, {
			message: error.message,
			description: error.vendorMessage,
			httpCode: String(error.status),
			itemIndex,
		});
		if (error.vendorCode !== undefined) nodeError.context.vendorCode = error.vendorCode;
		return nodeError;
	}
	if (error instanceof TokenRequestError) {
		const response: JsonObject = { status: error.status, vendorResponse: error.vendorBody as JsonObject };
		return new NodeApiError(node, response, {
			message: error.message,
			description: 'Check the client ID and client secret of the credential. Nothing was sent for this item.',
			httpCode: String(error.status),
			itemIndex,
		});
	}
	if (error instanceof TransportError) {
		const nodeError = new NodeApiError(node, { code: error.code, delivered: error.delivered } as JsonObject, {
			message: error.message,
			description:
				error.delivered === 'no'
					? 'The request never reached the vendor; it is safe to send this item again.'
					: 'The vendor may have accepted this message. Check before sending it again, to avoid a duplicate.',
			itemIndex,
		});
		// n8n swaps its generic text in for well-known network codes (ECONNREFUSED, ECONNRESET, …);
		// ours says which host, how many attempts, and whether the vendor can have the message.
		nodeError.message = error.message;
		return nodeError;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}

/** The JSON an item carries when the node continues on fail. */
export function errorItemJson(error: NodeApiError | NodeOperationError): JsonObject {
	const json: JsonObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	const vendorCode = error.context.vendorCode;
	if (typeof vendorCode === 'string' || typeof vendorCode === 'number') json.vendorCode = vendorCode;
	return json;
}

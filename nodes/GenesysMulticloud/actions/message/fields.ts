/** What both operations share: address checks, the request options, and sending a batch of messages. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { SendBatched } from '../../../shared/operation';
import type { ItemParameters } from '../../../shared/parameters';
import { callVendor } from '../../../shared/vendorHttp';
import { readAnswer, type GenesysCredentials } from '../../api';
import {
	DEFAULT_BATCH_SIZE,
	DEFAULT_CHANNEL_TYPE,
	LIMITS,
	type ApiAnswer,
	type MessagesRequest,
	type OutboundChannel,
	type OutboundMessage,
} from '../../contract';

export interface RequestOptions {
	batchSize?: number;
	includeChannel?: boolean;
	channelType?: string;
}

export function requestOptions(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: LIMITS.batch },
				default: DEFAULT_BATCH_SIZE,
				description:
					'How many items go into one request\'s messages array. 1 sends every item in its own request. A refused request fails every item in it.',
			},
			{
				displayName: 'Channel Type',
				name: 'channelType',
				type: 'string',
				default: DEFAULT_CHANNEL_TYPE,
				description: 'Sent as channel.type when "Send Channel ID and Type" is on',
			},
			{
				displayName: 'Send Channel ID and Type',
				name: 'includeChannel',
				type: 'boolean',
				default: false,
				description:
					'Whether each message also carries channel.ID (from the credential) and channel.type. Genesys\'s webhook messages have them; whether the API needs them is not documented.',
			},
		],
	};
}

/** A Genesys address id: a phone number without +, an e-mail address, or another id. Not forced to E.164. */
export function addressId(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) throw new InputError(field, `"${field}" is empty: Genesys needs an address ID such as 16504661149 or name@example.com`);
	if (text.length > LIMITS.addressId) {
		throw new InputError(field, `"${field}" is ${text.length} characters long; at most ${LIMITS.addressId} are accepted`);
	}
	if (/\s/.test(text)) throw new InputError(field, `"${field}" contains white space: "${text}"`);
	return text;
}

export function messageIdOf(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) throw new InputError(field, `"${field}" is empty`);
	if (text.length > LIMITS.messageId) {
		throw new InputError(field, `"${field}" is ${text.length} characters long; at most ${LIMITS.messageId} are accepted`);
	}
	return text;
}

export function optionsOf(parameters: ItemParameters, itemIndex: number): RequestOptions {
	return parameters.get<RequestOptions>('options', itemIndex, {});
}

/** `channel` of an outbound message: from/to/messageId, plus id/type when the option asks for them. */
export function channelOf(
	credentials: GenesysCredentials,
	options: RequestOptions,
	parts: { from: string; to: string; messageId: string },
): OutboundChannel {
	const channel: OutboundChannel = { from: { id: parts.from }, to: { id: parts.to }, messageId: parts.messageId };
	if (!options.includeChannel) return channel;
	return { id: credentials.channelId, type: (options.channelType ?? '').trim() || DEFAULT_CHANNEL_TYPE, ...channel };
}

/**
 * Sending for both operations: the items' messages in batches (one `messages` array per request,
 * at most Batch Size), and the answer mapped back: `toOutput(message, answer, position)` builds the
 * output of the message at `position`.
 */
export function messagesInBatches<M extends OutboundMessage>(
	toOutput: (message: M, answer: ApiAnswer, position: number) => IDataObject,
): SendBatched<GenesysCredentials, M> {
	return {
		kind: 'batch',
		limit: (run) => Math.min(LIMITS.batch, optionsOf(run.parameters, 0).batchSize ?? DEFAULT_BATCH_SIZE),
		send: async (run, messages) => {
			const request: MessagesRequest = { messages };
			const response = await callVendor(run.credentials.api, { method: 'POST', url: run.credentials.messagesUrl, json: request });
			const answer = readAnswer(response) as ApiAnswer;
			return messages.map((message, position) => toOutput(message, answer, position));
		},
	};
}

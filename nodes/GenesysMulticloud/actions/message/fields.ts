/** What both operations share: address checks, the request options, and sending a batch of messages. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import { runInBatches } from '../../../shared/items';
import { ItemParameters } from '../../../shared/parameters';
import {
	DEFAULT_BATCH_SIZE,
	DEFAULT_CHANNEL_TYPE,
	LIMITS,
	type ApiAnswer,
	type OutboundChannel,
	type OutboundMessage,
} from '../../contract';
import { postMessages, type GenesysCredentials } from '../../transport';

export interface RequestOptions {
	batchSize?: number;
	includeChannel?: boolean;
	channelType?: string;
}

export function requestOptions(displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
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
 * Sends the items' messages in batches (one `messages` array per request) and maps the answer
 * back: `toOutput(message, answer, position)` builds the output of the message at `position`.
 */
export async function sendInBatches(
	context: IExecuteFunctions,
	credentials: GenesysCredentials,
	prepare: (parameters: ItemParameters, itemIndex: number) => OutboundMessage,
	toOutput: (message: OutboundMessage, answer: ApiAnswer, position: number) => IDataObject,
) {
	const parameters = new ItemParameters(context);
	const { batchSize } = optionsOf(parameters, 0);
	return runInBatches(context, {
		prepare: (itemIndex) => prepare(parameters, itemIndex),
		batchSize: Math.min(LIMITS.batch, batchSize ?? DEFAULT_BATCH_SIZE),
		send: async (entries) => {
			const messages = entries.map((entry) => entry.value);
			const answer = await postMessages(credentials, { messages });
			return messages.map((message, position) => toOutput(message, answer, position));
		},
	});
}

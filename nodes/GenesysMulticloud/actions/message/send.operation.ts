import { randomUUID } from 'node:crypto';

import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { Operation } from '../../../shared/operation';
import type { ItemParameters } from '../../../shared/parameters';
import type { GenesysCredentials } from '../../api';
import { MESSAGE_TYPES, type TextMessage } from '../../contract';
import { addressId, channelOf, messageIdOf, messagesInBatches, optionsOf, requestOptions } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'From (Consumer ID)',
		name: 'from',
		type: 'string',
		default: '',
		required: true,
		placeholder: '16504661149',
		description: 'The consumer\'s address: a phone number without +, an e-mail address or another ID (channel.from.ID)',
	},
	{
		displayName: 'To (Business ID)',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0123456789',
		description: 'Your business address on this channel (channel.to.ID), the "from" of the agent\'s webhook messages',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The consumer\'s message',
	},
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		placeholder: 'Leave empty to generate one',
		description:
			'Your unique ID of this message (channel.messageID). Left empty, a UUID is generated; either way it is in the output.',
	},
	requestOptions(),
];

export function buildMessage(parameters: ItemParameters, itemIndex: number, credentials: GenesysCredentials): TextMessage {
	const from = addressId(parameters.get('from', itemIndex), 'From (Consumer ID)');
	const to = addressId(parameters.get('to', itemIndex), 'To (Business ID)');
	const text = String(parameters.get('text', itemIndex) ?? '');
	if (!text.trim()) throw new InputError('Text', '"Text" is empty: Genesys needs the message text');
	const given = String(parameters.get('messageId', itemIndex, '') ?? '').trim();
	const messageId = given ? messageIdOf(given, 'Message ID') : randomUUID();
	const channel = channelOf(credentials, optionsOf(parameters, itemIndex), { from, to, messageId });
	return { channel, type: MESSAGE_TYPES.text, text };
}

export const send: Operation<GenesysCredentials, TextMessage> = {
	value: 'send',
	name: 'Send Message',
	action: "Send a consumer's message to the contact center",
	description: "Send a consumer's message into Digital Channels",
	properties,
	prepare: (run, itemIndex) => buildMessage(run.parameters, itemIndex, run.credentials),
	sending: messagesInBatches((message, answer, position) => {
		const id = answer.data?.ids?.[position];
		return {
			messageId: message.channel.messageId,
			...(id !== undefined ? { id } : {}),
			status: answer.status,
			data: { ids: id !== undefined ? [id] : [] },
		};
	}),
	vendorId: (output) => (typeof output.messageId === 'string' ? output.messageId : undefined),
};

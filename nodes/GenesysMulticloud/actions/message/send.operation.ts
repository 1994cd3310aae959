import { randomUUID } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { ItemParameters } from '../../../shared/parameters';
import { MESSAGE_TYPES, type TextMessage } from '../../contract';
import type { GenesysCredentials } from '../../transport';
import { addressId, channelOf, messageIdOf, optionsOf, requestOptions, sendInBatches } from './fields';

const show = { resource: ['message'], operation: ['send'] };

export const description: INodeProperties[] = [
	{
		displayName: 'From (Consumer ID)',
		name: 'from',
		type: 'string',
		default: '',
		required: true,
		placeholder: '16504661149',
		description: 'The consumer\'s address: a phone number without +, an e-mail address or another ID (channel.from.ID)',
		displayOptions: { show },
	},
	{
		displayName: 'To (Business ID)',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0123456789',
		description: 'Your business address on this channel (channel.to.ID), the "from" of the agent\'s webhook messages',
		displayOptions: { show },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The consumer\'s message',
		displayOptions: { show },
	},
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		placeholder: 'Leave empty to generate one',
		description:
			'Your unique ID of this message (channel.messageID). Left empty, a UUID is generated; either way it is in the output.',
		displayOptions: { show },
	},
	requestOptions({ show }),
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

export async function execute(this: IExecuteFunctions, credentials: GenesysCredentials): Promise<INodeExecutionData[]> {
	return sendInBatches(
		this,
		credentials,
		(parameters, itemIndex) => buildMessage(parameters, itemIndex, credentials),
		(message, answer, position) => {
			const id = answer.data?.ids?.[position];
			return {
				messageId: message.channel.messageId,
				...(id !== undefined ? { id } : {}),
				status: answer.status,
				data: { ids: id !== undefined ? [id] : [] },
			};
		},
	);
}

import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { Operation } from '../../../shared/operation';
import type { AlvariaCredentials } from '../../api';
import { sendToInteraction, targetOf, targetProperties, type AlvariaUnit } from './target';

const properties: INodeProperties[] = [
	...targetProperties,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The message the customer receives in the chat or SMS interaction',
	},
];

export const sendText: Operation<AlvariaCredentials, AlvariaUnit> = {
	value: 'sendText',
	name: 'Send Text',
	action: "Send a text to an interaction's customer",
	description: 'Send a text message to the customer of a chat or SMS interaction',
	properties,
	prepare: ({ parameters }, itemIndex) => {
		const { target, ...rest } = targetOf(parameters, itemIndex);
		const text = String(parameters.get('text', itemIndex, '') ?? '');
		if (!text.trim()) throw new InputError('Text', '"Text" is empty: Alvaria needs the message text');
		return { ...rest, path: 'sendText', body: { ...target, text } };
	},
	sending: sendToInteraction,
	vendorId: (output) => (typeof output.interactionId === 'string' ? output.interactionId : undefined),
};

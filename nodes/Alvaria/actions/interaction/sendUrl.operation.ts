import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { Operation } from '../../../shared/operation';
import type { AlvariaCredentials } from '../../api';
import { sendToInteraction, targetOf, targetProperties, type AlvariaUnit } from './target';

const properties: INodeProperties[] = [
	...targetProperties,
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/order/17',
		description: 'The link the customer receives',
	},
];

function checkUrl(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InputError('URL', '"URL" is empty: Alvaria needs the link to send');
	if (!URL.canParse(text)) throw new InputError('URL', `"URL" is not a URL: "${text}"`);
	const parsed = new URL(text);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new InputError('URL', `"URL" must be http or https (got "${parsed.protocol}")`);
	return text;
}

export const sendUrl: Operation<AlvariaCredentials, AlvariaUnit> = {
	value: 'sendUrl',
	name: 'Send URL',
	action: "Send a link to an interaction's customer",
	description: 'Send a link to the customer of a chat or SMS interaction',
	properties,
	prepare: ({ parameters }, itemIndex) => {
		const { target, ...rest } = targetOf(parameters, itemIndex);
		return { ...rest, path: 'sendUrl', body: { ...target, url: checkUrl(parameters.get('url', itemIndex, '')) } };
	},
	sending: sendToInteraction,
	vendorId: (output) => (typeof output.interactionId === 'string' ? output.interactionId : undefined),
};

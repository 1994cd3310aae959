import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { Operation } from '../../../shared/operation';
import type { ItemParameters } from '../../../shared/parameters';
import { toE164 } from '../../../shared/phone';
import { callVendor } from '../../../shared/vendorHttp';
import type { CcaiCredentials } from '../../api';
import { CHAT_TYPES, DEFAULT_CHAT_TYPE, SMS_PATH, type ChatType, type OutboundSmsRequest } from '../../contract';

const properties: INodeProperties[] = [
	{
		displayName: 'Chat Type',
		name: 'chatType',
		type: 'options',
		default: DEFAULT_CHAT_TYPE,
		description: 'Sent as chat_type. Which value a tenant accepts is not documented for sure: every example in the guide sends Messaging (SMS).',
		options: [
			{ name: 'Messaging (API)', value: CHAT_TYPES.messagingApi, description: 'The value the guide\'s table lists' },
			{ name: 'Messaging (SMS)', value: CHAT_TYPES.messagingSms, description: 'The value every example in the guide sends' },
			{ name: 'SMS (Deprecated)', value: CHAT_TYPES.sms, description: 'Deprecated by Google' },
		],
	},
	{
		displayName: 'End-User Number',
		name: 'endUserNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550100',
		description: 'The customer\'s phone number (end_user_number) in international form, e.g. +1 415-555-0100; sent as E.164',
	},
	{
		displayName: 'Outbound Number',
		name: 'outboundNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+16285550199',
		description: 'A number configured on your tenant to send from (outbound_number)',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The SMS text',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Agent Email',
				name: 'agentEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Assign the chat to the agent with this e-mail address (agentEmail)',
			},
			{
				displayName: 'Agent ID',
				name: 'agentId',
				type: 'number',
				default: 0,
				description: 'Assign the chat to the agent with this ID (agentId); 0 assigns none',
			},
			{
				displayName: 'Ticket ID',
				name: 'ticketId',
				type: 'string',
				default: '',
				description: 'The CRM ticket to associate with the chat (ticket_id)',
			},
		],
	},
];

interface OutboundOptions {
	agentEmail?: string;
	agentId?: number;
	ticketId?: string;
}

export function buildOutboundSms(parameters: ItemParameters, itemIndex: number): OutboundSmsRequest {
	const chatType = parameters.get<string>('chatType', itemIndex, DEFAULT_CHAT_TYPE);
	if (!(Object.values(CHAT_TYPES) as string[]).includes(chatType)) {
		throw new InputError('Chat Type', `"Chat Type" must be one of ${Object.values(CHAT_TYPES).join(', ')} (got "${chatType}")`);
	}
	const message = String(parameters.get('message', itemIndex, '') ?? '');
	if (!message.trim()) throw new InputError('Message', '"Message" is empty: CCAI Platform needs the SMS text');
	const request: OutboundSmsRequest = {
		chat_type: chatType as ChatType,
		end_user_number: toE164(parameters.get('endUserNumber', itemIndex), 'End-User Number'),
		outbound_number: toE164(parameters.get('outboundNumber', itemIndex), 'Outbound Number'),
		message,
	};
	const options = parameters.get<OutboundOptions>('options', itemIndex, {});
	if (options.ticketId?.trim()) request.ticket_id = options.ticketId.trim();
	if (options.agentId !== undefined && options.agentId !== 0) {
		if (!Number.isInteger(options.agentId) || options.agentId < 0) throw new InputError('Agent ID', `"Agent ID" must be a whole number (got ${options.agentId})`);
		request.agentId = options.agentId;
	}
	if (options.agentEmail?.trim()) {
		const email = options.agentEmail.trim();
		if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new InputError('Agent Email', `"Agent Email" is not an e-mail address: "${email}"`);
		request.agentEmail = email;
	}
	return request;
}

export const outbound: Operation<CcaiCredentials, OutboundSmsRequest> = {
	value: 'send',
	name: 'Send Outbound SMS',
	action: 'Send an outbound SMS to a customer',
	description: 'Start an SMS chat with a customer from one of your outbound numbers',
	properties,
	prepare: ({ parameters }, itemIndex) => buildOutboundSms(parameters, itemIndex),
	sending: {
		kind: 'each',
		send: async ({ credentials }, request) => {
			const response = await callVendor(credentials.api, { method: 'POST', url: `${credentials.apiUrl}${SMS_PATH}`, json: request });
			return response.json() as IDataObject;
		},
	},
	vendorId: (output) => (output.id !== undefined ? String(output.id) : undefined),
};

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import type { Operation } from '../../../shared/operation';
import type { ItemParameters } from '../../../shared/parameters';
import type { GenesysCredentials } from '../../api';
import {
	LIMITS,
	MESSAGE_TYPES,
	REASON_CODES,
	RECEIPT_STATUSES,
	RECEIPT_STATUS_DESCRIPTIONS,
	isReasonCode,
	type ReceiptMessage,
	type ReceiptStatus,
} from '../../contract';
import { addressId, channelOf, messageIdOf, messagesInBatches, optionsOf, requestOptions } from './fields';

const showFailed = { status: ['Failed'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		description: 'The messageId the Genesys trigger answered for the agent message this receipt is about',
	},
	{
		displayName: 'From (Business ID)',
		name: 'from',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0123456789',
		description: 'As in the agent message: your business address (its channel.from.ID)',
	},
	{
		displayName: 'To (Consumer ID)',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '16504661149',
		description: 'As in the agent message: the consumer\'s address (its channel.to.ID)',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'Delivered',
		description: 'What became of the agent message',
		options: RECEIPT_STATUSES.map((status) => ({ name: status, value: status, description: RECEIPT_STATUS_DESCRIPTIONS[status] })),
	},
	{
		displayName: 'Reason Code',
		name: 'reasonCode',
		type: 'options',
		default: 500,
		description: 'Why the message was not delivered (the failure reason codes of the Genesys document)',
		options: Object.entries(REASON_CODES).map(([code, text]) => ({
			name: `${code} - ${text.replace(/\.$/, '')}`,
			value: Number(code),
			description: text,
		})),
		displayOptions: { show: showFailed },
	},
	{
		displayName: 'Reason Message',
		name: 'reasonMessage',
		type: 'string',
		default: '',
		placeholder: 'Message not allowed. Your account has been suspended.',
		description: 'Optional text sent with the reason code',
		displayOptions: { show: showFailed },
	},
	requestOptions(),
];

export function buildReceipt(parameters: ItemParameters, itemIndex: number, credentials: GenesysCredentials): ReceiptMessage {
	const messageId = messageIdOf(parameters.get('messageId', itemIndex), 'Message ID');
	const from = addressId(parameters.get('from', itemIndex), 'From (Business ID)');
	const to = addressId(parameters.get('to', itemIndex), 'To (Consumer ID)');
	const status = parameters.get('status', itemIndex) as ReceiptStatus;
	if (!(RECEIPT_STATUSES as readonly string[]).includes(status)) {
		throw new InputError('Status', `"Status" must be one of ${RECEIPT_STATUSES.join(', ')} (got "${String(status)}")`);
	}
	const receipt: ReceiptMessage = {
		channel: channelOf(credentials, optionsOf(parameters, itemIndex), { from, to, messageId }),
		type: MESSAGE_TYPES.receipt,
		status,
	};
	if (status !== 'Failed') return receipt;

	const code = Number(parameters.get('reasonCode', itemIndex));
	if (!isReasonCode(code)) {
		throw new InputError('Reason Code', `"Reason Code" must be one of ${Object.keys(REASON_CODES).join(', ')} (got "${code}")`);
	}
	const message = String(parameters.get('reasonMessage', itemIndex, '') ?? '').trim();
	if (message.length > LIMITS.reasonMessage) {
		throw new InputError('Reason Message', `"Reason Message" is ${message.length} characters long; at most ${LIMITS.reasonMessage} are accepted`);
	}
	receipt.reasons = [message ? { code, message } : { code }];
	return receipt;
}

export const receipt: Operation<GenesysCredentials, ReceiptMessage> = {
	value: 'receipt',
	name: 'Delivery Receipt',
	action: 'Send a delivery receipt for an agent message',
	description: 'Tell Digital Channels what became of an agent message',
	properties,
	prepare: (run, itemIndex) => buildReceipt(run.parameters, itemIndex, run.credentials),
	sending: messagesInBatches((receipt, answer) => ({
		messageId: receipt.channel.messageId,
		receiptStatus: receipt.status,
		...(receipt.reasons ? { reasons: receipt.reasons as unknown as IDataObject[] } : {}),
		status: answer.status,
	})),
	vendorId: (output) => (typeof output.messageId === 'string' ? output.messageId : undefined),
};

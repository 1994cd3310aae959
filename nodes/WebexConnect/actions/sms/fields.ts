/** The Send SMS parameters, apart from how they are sent. */
import type { INodeProperties } from 'n8n-workflow';

import { LIMITS, SMS_TYPES } from '../../contract';

export const properties: INodeProperties[] = [
	{
		displayName: 'Destination Numbers',
		name: 'destinations',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550100, +14155550101',
		description: `The recipients in E.164 form: one per item, or several separated by commas or new lines (at most ${LIMITS.destinations} per item)`,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: `The SMS text, at most ${LIMITS.text} characters. May be empty when a template is set in the options.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Items',
				name: 'batch',
				type: 'boolean',
				default: true,
				description:
					'Whether items with identical message settings share one request (up to Destinations per Request). Off: every item is its own request.',
			},
			{
				displayName: 'Binary Body (Hex)',
				name: 'binaryBody',
				type: 'string',
				default: '',
				description: 'The hexadecimal content of a Binary SMS (type 3), sent as channels.sms.body',
			},
			{
				displayName: 'Callback Data',
				name: 'callbackData',
				type: 'string',
				default: '',
				description: `Sent back in every delivery notification of this message (at most ${LIMITS.callbackData} characters), e.g. your own message ID`,
			},
			{
				displayName: 'Contact Policy Group',
				name: 'contactPolicyGroup',
				type: 'string',
				default: '',
				description: 'Applies a contact policy group of your tenant (contactPolicy.contactPolicyGroup)',
			},
			{
				displayName: 'Contact Policy: Apply Frequency Cap',
				name: 'channelApplyFrequencyCap',
				type: 'boolean',
				default: false,
				description: 'Whether the contact policy group\'s frequency cap applies',
			},
			{
				displayName: 'Contact Policy: Check Consent',
				name: 'channelCheckConsent',
				type: 'boolean',
				default: false,
				description: 'Whether the recipient\'s consent is checked first',
			},
			{
				displayName: 'Correlation ID',
				name: 'correlationId',
				type: 'string',
				default: '',
				description: `Your ID of this item's recipients (destination correlationid, at most ${LIMITS.correlationIdBytes} bytes), echoed in their delivery notifications`,
			},
			{
				displayName: 'Destinations per Request',
				name: 'destinationsPerRequest',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: LIMITS.destinations },
				default: 1000,
				description: `The most recipients one request carries (Webex allows ${LIMITS.destinations}, and no more than your account's messaging TPS)`,
			},
			{
				displayName: 'DLT Template ID (India)',
				name: 'dltTemplateId',
				type: 'string',
				default: '',
				description: 'The TRAI DLT template ID, for messages to India (channels.sms.extras.dlt_templateid)',
			},
			{
				displayName: 'Expiry',
				name: 'expiry',
				type: 'dateTime',
				default: '',
				description: 'No message is pushed after this time (sent in UTC)',
			},
			{
				displayName: 'Notify URL',
				name: 'notifyUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…/webhook',
				description: 'Where Webex sends this message\'s delivery notifications: paste the Production URL of a Webex Connect Trigger. Overrides the service\'s notify URL.',
			},
			{
				displayName: 'Sender ID',
				name: 'senderId',
				type: 'string',
				default: '',
				description: 'A sender ID configured for your service (number, short code or name)',
			},
			{
				displayName: 'Smart Links',
				name: 'smartLinks',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Smart Link',
				description: 'Smart links used in the text as {{link_&lt;ID&gt;}}',
				options: [
					{
						displayName: 'Link',
						name: 'link',
						values: [
							{ displayName: 'Link ID', name: 'linkid', type: 'string', default: '' },
							{ displayName: 'Validity (Minutes)', name: 'validity', type: 'number', default: 0 },
						],
					},
				],
			},
			{
				displayName: 'Template',
				name: 'template',
				type: 'string',
				default: '',
				description: 'A message template ID to send instead of the text (message.template)',
			},
			{
				displayName: 'Template Parameters',
				name: 'templateParameters',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Parameter',
				options: [
					{
						displayName: 'Parameter',
						name: 'parameter',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: '1',
				options: Object.entries(SMS_TYPES).map(([value, name]) => ({ name, value })),
				description: 'Text, Flash, Binary (hex content in Binary Body) or Unicode',
			},
		],
	},
];

export interface SendOptions {
	batch?: boolean;
	binaryBody?: string;
	callbackData?: string;
	contactPolicyGroup?: string;
	channelApplyFrequencyCap?: boolean;
	channelCheckConsent?: boolean;
	correlationId?: string;
	destinationsPerRequest?: number;
	dltTemplateId?: string;
	expiry?: string;
	notifyUrl?: string;
	senderId?: string;
	smartLinks?: { link?: Array<{ linkid: string; validity?: number }> };
	template?: string;
	templateParameters?: { parameter?: Array<{ name: string; value: string }> };
	type?: string;
}

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/errors';
import { DEFAULT_CONCURRENCY } from '../../../shared/items';
import type { Operation } from '../../../shared/operation';
import type { ItemParameters } from '../../../shared/parameters';
import { toE164 } from '../../../shared/phone';
import { tokenOf } from '../../../shared/tokenCache';
import { callVendor } from '../../../shared/vendorHttp';
import { accountIdOf, type AvayaCredentials } from '../../api';
import {
	CHANNEL,
	DEFAULT_SEND_PATH,
	LIMITS,
	SEND_PATHS,
	sendPath,
	type SendMessageRequest,
	type SendPathKey,
} from '../../contract';

const properties: INodeProperties[] = [
	{
		displayName: 'From (End-User Number)',
		name: 'from',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550123',
		description: 'The end user\'s phone number in E.164 form (headers.from)',
	},
	{
		displayName: 'Destination (Registered Number)',
		name: 'destination',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+912121212121',
		description:
			'Your business SMS number, registered to this connector in the Admin Console (headers.destination). Avaya routes new conversations by it.',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: `The end user's message, at most ${LIMITS.text} characters. Avaya Infinity has no MMS: send media as a link in the text.`,
	},
	{
		displayName: 'Avaya Infinity supports text (SMS) only, no MMS. Forward the text part of an MMS, or a link to its media.',
		name: 'mmsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: DEFAULT_CONCURRENCY,
				description: 'How many items are sent at the same time. Output order always follows input order.',
			},
			{
				displayName: 'Connector ID',
				name: 'connectorId',
				type: 'string',
				default: '',
				description: 'Overrides the connector ID of the credential',
			},
			{
				displayName: 'Context Parameters',
				name: 'contextParameters',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Parameter',
				description: `Data for the Avaya workflow, read there as source.contextParameters.&lt;key&gt; (at most ${LIMITS.contextParameters.keys})`,
				options: [
					{
						displayName: 'Parameter',
						name: 'parameter',
						values: [
							{ displayName: 'Key', name: 'key', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Send Path',
				name: 'sendPath',
				type: 'options',
				default: DEFAULT_SEND_PATH,
				description:
					'Avaya documents three paths for this operation; which one a tenant accepts is not documented. The default is the one in the Custom Messaging guide.',
				options: [
					{
						name: 'Account Messages (Sample Connector)',
						value: 'accountMessages',
						description: '/api/digital/messaging/v1/accounts/{accountId}/messages. Uses the Account ID of the credential, else the one in Avaya\'s access token.',
					},
					{
						name: 'Custom Messaging (Guide, Default)',
						value: 'customMessaging',
						description: '/api/v1/custom-messaging/send-message',
					},
					{
						name: 'Digital Messaging (API Reference)',
						value: 'digitalMessaging',
						description: '/api/digital/messaging/v1/messages',
					},
				],
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'string',
				default: '',
				placeholder: '+912121212121',
				description: 'Comma-separated recipient numbers (headers.to). Defaults to the destination.',
			},
		],
	},
];

interface SendOptions {
	concurrency?: number;
	connectorId?: string;
	contextParameters?: { parameter?: Array<{ key: string; value: string }> };
	sendPath?: SendPathKey;
	to?: string;
}

function checkLength(value: string, max: number, field: string): string {
	if (value.length > max) throw new InputError(field, `"${field}" is ${value.length} characters long; Avaya allows at most ${max}`);
	return value;
}

function contextParametersOf(options: SendOptions): Record<string, string> | undefined {
	const pairs = options.contextParameters?.parameter ?? [];
	if (pairs.length === 0) return undefined;
	if (pairs.length > LIMITS.contextParameters.keys) {
		throw new InputError('Context Parameters', `"Context Parameters" has ${pairs.length} entries; Avaya allows at most ${LIMITS.contextParameters.keys}`);
	}
	const result: Record<string, string> = {};
	for (const { key, value } of pairs) {
		const name = String(key ?? '').trim();
		if (!name) throw new InputError('Context Parameters', '"Context Parameters" has an entry without a key');
		if (name in result) throw new InputError('Context Parameters', `"Context Parameters" has the key "${name}" twice`);
		result[name] = checkLength(String(value ?? ''), LIMITS.contextParameters.value, `Context Parameters › ${name}`);
	}
	return result;
}

/** One item's request: its path template key and body; the account id is resolved when sending. */
export interface SendUnit {
	pathKey: SendPathKey;
	body: SendMessageRequest;
}

/** Builds the request for one item; every field is checked before anything is sent. */
export function buildRequest(parameters: ItemParameters, itemIndex: number, credentials: AvayaCredentials): SendUnit {
	const options = parameters.get<SendOptions>('options', itemIndex, {});
	const from = toE164(parameters.get('from', itemIndex), 'From (End-User Number)');
	const destination = toE164(parameters.get('destination', itemIndex), 'Destination (Registered Number)');
	const text = String(parameters.get('text', itemIndex) ?? '');
	if (!text.trim()) throw new InputError('Text', '"Text" is empty: Avaya needs the message text');
	checkLength(text, LIMITS.text, 'Text');

	const toList = (options.to ?? '')
		.split(',')
		.map((n) => n.trim())
		.filter(Boolean)
		.map((n) => toE164(n, 'To'));
	if (toList.length > LIMITS.to.items) throw new InputError('To', `"To" has ${toList.length} numbers; Avaya allows at most ${LIMITS.to.items}`);

	const connectorId = (options.connectorId ?? '').trim() || credentials.connectorId;
	if (!connectorId) throw new InputError('Connector ID', '"Connector ID" is empty in both the credential and the node options');
	checkLength(connectorId, LIMITS.connectorId, 'Connector ID');

	const pathKey = options.sendPath ?? DEFAULT_SEND_PATH;
	if (!(pathKey in SEND_PATHS)) throw new InputError('Send Path', `"Send Path" is "${String(pathKey)}"; expected one of ${Object.keys(SEND_PATHS).join(', ')}`);

	const body: SendMessageRequest = {
		connectorId,
		channel: CHANNEL,
		headers: { from, to: toList.length ? toList : [destination], destination },
		body: { text },
	};
	const contextParameters = contextParametersOf(options);
	if (contextParameters) body.contextParameters = contextParameters;
	return { pathKey, body };
}

async function sendOne(credentials: AvayaCredentials, unit: SendUnit): Promise<IDataObject> {
	let accountId: string | undefined;
	if (unit.pathKey === 'accountMessages') {
		accountId = await accountIdOf(credentials, () => tokenOf(credentials.token));
		if (!accountId) {
			throw new InputError('Account ID', 'The account-scoped send path needs an Account ID: the credential has none, and the access token names no organization');
		}
	}
	const response = await callVendor(credentials.api, {
		method: 'POST',
		url: `${credentials.baseUrl}${sendPath(unit.pathKey, accountId)}`,
		json: unit.body,
	});
	return response.json() as IDataObject;
}

export const send: Operation<AvayaCredentials, SendUnit> = {
	value: 'send',
	name: 'Send',
	action: "Send an end user's SMS to the contact center",
	description: "Send an end user's message to the contact center",
	properties,
	prepare: (run, itemIndex) => buildRequest(run.parameters, itemIndex, run.credentials),
	sending: {
		kind: 'each',
		concurrency: (run) => run.parameters.get<SendOptions>('options', 0, {}).concurrency ?? DEFAULT_CONCURRENCY,
		send: (run, unit) => sendOne(run.credentials, unit),
	},
	vendorId: (output) => (typeof output.messageId === 'string' ? output.messageId : undefined),
};

import type { IDataObject } from 'n8n-workflow';

import { InputError, VendorError } from '../../../shared/errors';
import type { Operation } from '../../../shared/operation';
import type { ItemParameters } from '../../../shared/parameters';
import { toE164 } from '../../../shared/phone';
import { callVendor } from '../../../shared/vendorHttp';
import { VENDOR, describeCode, type WebexCredentials } from '../../api';
import {
	BINARY_SMS_TYPE,
	DELIVERY_CHANNEL_SMS,
	LIMITS,
	SEND_PATH,
	byteLength,
	isQueued,
	isSmsType,
	textLength,
	type Destination,
	type ResponseEntry,
	type SendRequest,
	type SmsChannel,
} from '../../contract';
import { properties, type SendOptions } from './fields';

/** One item: its recipients, and the rest of the request, which items may share when it is identical. */
export interface SmsUnit {
	destinations: Destination[];
	message: Omit<SendRequest, 'destination'>;
	/** Items with the same key may share a request: the message as text, or the item alone when batching is off. */
	key: string;
}

function numbersOf(value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' || typeof value === 'number' ? String(value).split(/[,;\n]/) : [];
	return list.map((n) => String(n).trim()).filter(Boolean);
}

function limited(value: string | undefined, field: string, max: number, unit: 'bytes' | 'characters'): string | undefined {
	const text = value?.trim();
	if (!text) return undefined;
	const size = unit === 'bytes' ? byteLength(text) : textLength(text);
	if (size > max) throw new InputError(field, `"${field}" is ${size} ${unit} long; Webex Connect allows at most ${max}`);
	return text;
}

function smsChannel(text: string, options: SendOptions): SmsChannel {
	const sms: SmsChannel = { text };
	const type = options.type ?? '1';
	if (!isSmsType(type)) throw new InputError('Type', `"Type" must be 1 (Text), 2 (Flash), 3 (Binary) or 4 (Unicode); got "${type}"`);
	if (type !== '1') sms.type = type;
	if (type === BINARY_SMS_TYPE) {
		const body = (options.binaryBody ?? '').trim();
		if (!/^(?:[0-9a-fA-F]{2})+$/.test(body)) throw new InputError('Binary Body (Hex)', '"Binary Body (Hex)" must be hexadecimal bytes for a Binary SMS');
		sms.body = body;
	}
	if (options.senderId?.trim()) sms.senderid = options.senderId.trim();
	if (options.dltTemplateId?.trim()) sms.extras = { dlt_templateid: options.dltTemplateId.trim() };
	return sms;
}

export function buildSms(parameters: ItemParameters, itemIndex: number): SmsUnit {
	const options = parameters.get<SendOptions>('options', itemIndex, {});
	const numbers = numbersOf(parameters.get('destinations', itemIndex));
	if (numbers.length === 0) throw new InputError('Destination Numbers', '"Destination Numbers" is empty: Webex Connect needs at least one recipient');
	if (numbers.length > LIMITS.destinations) {
		throw new InputError('Destination Numbers', `"Destination Numbers" has ${numbers.length} numbers; one request carries at most ${LIMITS.destinations}`);
	}
	const correlationid = limited(options.correlationId, 'Correlation ID', LIMITS.correlationIdBytes, 'bytes');
	const destinations = numbers.map((n): Destination => ({ msisdn: [toE164(n, 'Destination Numbers')], ...(correlationid ? { correlationid } : {}) }));

	const text = String(parameters.get('text', itemIndex, '') ?? '');
	const template = options.template?.trim();
	if (!text.trim() && !template) throw new InputError('Text', '"Text" is empty: Webex Connect needs the SMS text (or a template)');
	if (textLength(text) > LIMITS.text) throw new InputError('Text', `"Text" is ${textLength(text)} characters long; Webex Connect allows at most ${LIMITS.text}`);

	const message: Omit<SendRequest, 'destination'> = { deliverychannel: DELIVERY_CHANNEL_SMS, channels: { sms: smsChannel(text, options) } };
	const links = options.smartLinks?.link ?? [];
	if (links.length) {
		message.channels.smartlinks = links.map(({ linkid, validity }) => {
			if (!String(linkid ?? '').trim()) throw new InputError('Smart Links', '"Smart Links" has a link without an ID');
			return validity ? { linkid: String(linkid).trim(), validity } : { linkid: String(linkid).trim() };
		});
	}
	if (options.contactPolicyGroup?.trim()) {
		message.channels.contactPolicy = {
			contactPolicyGroup: options.contactPolicyGroup.trim(),
			channelCheckConsent: options.channelCheckConsent === true,
			channelApplyFrequencyCap: options.channelApplyFrequencyCap === true,
		};
	}
	const callbackData = limited(options.callbackData, 'Callback Data', LIMITS.callbackData, 'characters');
	if (callbackData) message.callbackData = callbackData;
	const notifyUrl = options.notifyUrl?.trim();
	if (notifyUrl) {
		if (!URL.canParse(notifyUrl) || !/^https?:$/.test(new URL(notifyUrl).protocol)) throw new InputError('Notify URL', `"Notify URL" is not an http(s) URL: "${notifyUrl}"`);
		message.notifyurl = notifyUrl;
	}
	if (options.expiry) {
		const expiry = new Date(options.expiry);
		if (Number.isNaN(expiry.getTime())) throw new InputError('Expiry', `"Expiry" is not a date: "${options.expiry}"`);
		message.expiry = expiry.toISOString();
	}
	if (template) {
		const parameters = Object.fromEntries((options.templateParameters?.parameter ?? []).map(({ name, value }) => [String(name).trim(), String(value ?? '')]));
		message.message = Object.keys(parameters).length ? { template, parameters } : { template };
	}
	return { destinations, message, key: options.batch === false ? `item ${itemIndex}` : JSON.stringify(message) };
}

/** What one item's recipients got: a transid each, or the code Webex refused them with. */
function itemOutcome(unit: SmsUnit, entries: ResponseEntry[]): IDataObject | Error {
	const results = unit.destinations.map((destination, position) => {
		const entry = entries[position];
		return {
			destination: destination.msisdn[0],
			transid: entry?.transid ?? '',
			code: entry?.code ?? '',
			description: describeCode(entry?.code ?? '', entry?.description),
			...(destination.correlationid ? { correlationid: destination.correlationid } : {}),
		};
	});
	const refused = results.find((result, position) => !entries[position] || !isQueued(entries[position]));
	if (refused) {
		const message = entries.length < unit.destinations.length ? 'the answer has fewer entries than the request had destinations' : refused.description;
		return new VendorError(VENDOR, 200, `${refused.destination}: ${message}`, results, refused.code || undefined);
	}
	return {
		transid: results[0].transid,
		code: results[0].code,
		description: results[0].description,
		destination: results[0].destination,
		...(unit.message.callbackData ? { callbackData: unit.message.callbackData } : {}),
		results,
	};
}

export const send: Operation<WebexCredentials, SmsUnit> = {
	value: 'send',
	name: 'Send SMS',
	action: 'Send an SMS to phone numbers',
	description: 'Send an SMS to one or many numbers; identical messages share requests of up to 1000 recipients',
	properties,
	prepare: ({ parameters }, itemIndex) => buildSms(parameters, itemIndex),
	sending: {
		kind: 'batch',
		limit: ({ parameters }) => Math.min(LIMITS.destinations, parameters.get<SendOptions>('options', 0, {}).destinationsPerRequest ?? LIMITS.destinations),
		weight: (unit) => unit.destinations.length,
		groupKey: (unit) => unit.key,
		send: async ({ credentials }, units) => {
			const request: SendRequest = { ...units[0].message, destination: units.flatMap((unit) => unit.destinations) };
			const response = await callVendor(credentials.api, { method: 'POST', url: `${credentials.apiUrl}${SEND_PATH}`, json: request });
			const entries = (response.json() as { response: ResponseEntry[] }).response;
			let offset = 0;
			return units.map((unit) => {
				const slice = entries.slice(offset, offset + unit.destinations.length);
				offset += unit.destinations.length;
				return itemOutcome(unit, slice);
			});
		},
	},
	vendorId: (output) => (typeof output.transid === 'string' ? output.transid : undefined),
};

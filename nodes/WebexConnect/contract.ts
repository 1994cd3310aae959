/**
 * Webex Connect (formerly IMIconnect) Messaging API v1, SMS: the wire contract, as data.
 *
 * Read by the action node, the trigger AND the sandbox, so the simulator and the client cannot
 * drift apart. Sources: the vendor document (../shared/vendor-docs/webex-connect-messaging-api.txt)
 * and vendor-notes section 5 with the Webex pages it cites. [C] confirmed, [I] inferred, [U] unknown:
 * each [I]/[U] value is a default the user can change (credential field, node option or sandbox config).
 */
import type { SignatureScheme } from '../shared/signature';

/** `POST {base URL}/resources/v1/messaging` [C know-your-api-endpoints]. */
export const SEND_PATH = '/resources/v1/messaging';

/** The region part of a tenant domain `tenantname.{region}.webexconnect.io` [C]. */
export const REGIONS = ['ca', 'eu', 'uk', 'us', 'us1', 'in', 'au'] as const;
export type Region = (typeof REGIONS)[number];

export const REGION_NAMES: Record<Region, string> = {
	ca: 'Canada',
	eu: 'Europe (Ireland)',
	uk: 'United Kingdom',
	us: 'USA (AWS Oregon)',
	us1: 'USA (Azure)',
	in: 'India',
	au: 'Australia',
};

/** [I] The API host of a region: the endpoint table's `api.` form (the SMS v1 page writes the URL without `api.`). */
export function regionBaseUrl(region: Region): string {
	return `https://api.${region}.webexconnect.io`;
}

/** Hosts of tenants still on `*.imiconnect.*` domains; they keep working [C]. `api-us` is for US tenants on `*.imiconnect.io`. */
export const LEGACY_BASE_URLS = [
	'https://api.imiconnect.ca',
	'https://api.imiconnect.eu',
	'https://api.imiconnect.us',
	'https://api.imiconnect.in',
	'https://api.imiconnect.com',
	'https://api.imiconnect.io',
	'https://api-us.imiconnect.io',
] as const;

/**
 * Either header authenticates a request; when both are sent, Webex judges only the JWT [C]. Which of
 * the two a service accepts is picked in its API settings [C].
 */
export const AUTH_HEADERS = {
	serviceKey: 'key',
	authorization: 'authorization',
} as const;
export const BEARER_PREFIX = 'Bearer ';

/**
 * The JWT: HS256, claims `iss` = service id and `iat` = Unix seconds, signed with the BASE64-DECODED
 * service secret ("Decode the string before using the key to sign the JWT") [C api-authentication].
 */
export const JWT = {
	algorithm: 'HS256',
	/** The doc shows `{"alg":"HS256"}`; `typ` is not mentioned [I: sent, as the shared `signJwtHs256` does]. */
	header: { alg: 'HS256', typ: 'JWT' },
	secretEncoding: 'base64',
	/** [I] A secondary summary gives 60 minutes; the sandbox's accepted age is configurable. */
	lifetimeSeconds: 3600,
} as const;

export interface JwtClaims {
	/** The service id. */
	iss: string;
	/** Issued at, Unix seconds. */
	iat: number;
}

export const DELIVERY_CHANNEL_SMS = 'sms';

/** `channels.sms.type` [C doc]: text is the default. */
export const SMS_TYPES = {
	'1': 'Text',
	'2': 'Flash',
	'3': 'Binary',
	'4': 'Unicode',
} as const;
export type SmsType = keyof typeof SMS_TYPES;
/** The type whose content is hexadecimal in `body` (then required) [C doc]. */
export const BINARY_SMS_TYPE: SmsType = '3';

export function isSmsType(value: unknown): value is SmsType {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SMS_TYPES, value);
}

export const LIMITS = {
	/** `destination[]` entries per request, also ≤ the account's messaging TPS [C]. [U] whether numbers or entries count: both are capped. */
	destinations: 1000,
	/** `channels.sms.text`, characters [C]. [I] counted as UTF-16 code units (the stricter count). */
	text: 1024,
	/** `correlationid`, top level and per destination: bytes (UTF-8) [C]. */
	correlationIdBytes: 50,
	/** `callbackData` [C send-message-api-v1]. [I] counted in UTF-8 bytes. */
	callbackData: 2000,
} as const;

/** Characters as the text limit counts them [I]: UTF-16 code units, so a client check is never laxer than Webex. */
export function textLength(text: string): number {
	return text.length;
}

export function byteLength(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}

export interface SmsChannel {
	text: string;
	/** Pre-configured sender id (number, short code or alphanumeric). Optional in the doc's table [C]. */
	senderid?: string;
	/** `"1"`–`"4"`, default `"1"`. */
	type?: SmsType;
	/** Hexadecimal content; required when type is `"3"` [C doc]. */
	body?: string;
	/** India only: the TRAI DLT template id. */
	extras?: { dlt_templateid?: string };
}

/** Needed for `{{link_<linkid>}}` in the text [C doc]. */
export interface SmartLink {
	linkid: number | string;
	validity?: number;
}

/** [C doc sample] Sits inside `channels`; the group is required when either option is true. */
export interface ContactPolicy {
	contactPolicyGroup: string;
	channelCheckConsent?: boolean;
	channelApplyFrequencyCap?: boolean;
}

export interface Destination {
	/** E.164 [C]; "older tenants might still accept other formats". */
	msisdn: string[];
	/** ≤ 50 bytes; overrides the request's `correlationid`. */
	correlationid?: string;
}

export interface SendRequest {
	deliverychannel: typeof DELIVERY_CHANNEL_SMS;
	destination: Destination[];
	channels: {
		sms: SmsChannel;
		smartlinks?: SmartLink[];
		contactPolicy?: ContactPolicy;
	};
	correlationid?: string;
	/** Sent back in every notification of the request. */
	callbackData?: string;
	/** Overrides the service's notify URL. An invalid URL makes the request ineligible for retries [C]. */
	notifyurl?: string;
	/** [U] Picks an authorization configured for the notify URL; its mechanics are not documented. */
	notifyurlAuthId?: string;
	/** UTC, e.g. `2015-04-12T13:00:19.456Z`; no message is pushed after it. */
	expiry?: string;
	/** A template instead of channel text; channel parameters override it [C doc]. */
	message?: { template: string; parameters?: Record<string, string> };
}

/** Codes are strings [C]. */
export const RESPONSE_CODES = {
	queued: '1001',
	invalidJson: '7000',
	authenticationFailed: '7001',
	serviceKeyMissing: '7002',
	mandatoryParameterMissing: '7003',
	invalidParameters: '7004',
	requestExpired: '7005',
	internalError: '7006',
	serviceInactive: '7007',
	tooManyDestinations: '7009',
	ipNotAllowed: '7010',
	transactionLimit: '7020',
} as const;
export type ResponseCode = (typeof RESPONSE_CODES)[keyof typeof RESPONSE_CODES];

/**
 * The documented descriptions [C api-codes, channel-specific-status-codes, createappprofile, send-message-api-v1].
 * 7008 is not documented anywhere we found. 7003's description names the missing parameter (MISSING_PARAMETER).
 */
export const RESPONSE_DESCRIPTIONS: Record<ResponseCode, string> = {
	'1001': 'Queued',
	'7000': 'Invalid JSON',
	'7001': 'Authentication failed.',
	'7002': 'Service Key Missing',
	'7003': 'Mandatory parameters missing',
	'7004': 'Invalid parameters/Values',
	'7005': 'Request expired',
	'7006': 'Internal error occurred',
	'7007': 'Service inactive',
	'7009': 'Max number of destination address limited to 1000',
	'7010': 'Source IP is not in the allowed list',
	'7020': 'You have reached the maximum transaction limit',
};

/** Other descriptions of a success [C]. */
export const QUEUED_DESCRIPTIONS = ['Queued', 'Queued in burst mode'] as const;

/** 7003 descriptions for SMS, verbatim [C api-codes]. */
export const MISSING_PARAMETER = {
	sms: "param 'sms' missing for channel sms",
	text: "param 'text' missing for channel sms",
	/** The doc: only type `"3"` needs `body` (api-codes says any type but 1; the doc wins). */
	body: "param 'body' missing for channel sms",
	destination: 'any one of [customerid,msisdn,email, userid,pushid,psid, etc.] is mandatory',
} as const;

export interface ResponseEntry {
	code: string;
	transid: string;
	description: string;
}

/**
 * Always HTTP 200 [C for success and 7001; I for the other errors]: `response` is an array on success
 * (one entry per `destination[]` entry, in order [I]) and an object on error.
 */
export interface SendAnswer {
	response: ResponseEntry[] | ResponseEntry;
}

export function answerEntries(answer: SendAnswer): ResponseEntry[] {
	return Array.isArray(answer.response) ? answer.response : [answer.response];
}

export function isQueued(entry: ResponseEntry): boolean {
	return entry.code === RESPONSE_CODES.queued;
}

export const DELIVERY_STATUSES = ['Submitted', 'Delivered', 'Failed', 'Un-Delivered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * SMS status codes of delivery notifications with their description and `deliveryStatus`
 * [C channel-specific-status-codes, sms-outbound-webhooks]. Webex's two status-code pages disagree on
 * the status of 7109 and 7201–7211 (Failed vs Un-Delivered): [I] the newer page's Un-Delivered.
 * 7528 Clicked occurs only in API v2.
 */
export const STATUS_CODES = {
	'7500': { description: 'Delivered', deliveryStatus: 'Delivered' },
	'7501': { description: 'Submitted', deliveryStatus: 'Submitted' },
	'7004': { description: 'Invalid parameters/Values', deliveryStatus: 'Failed' },
	'7006': { description: 'Internal server error', deliveryStatus: 'Failed' },
	'7101': { description: 'Invalid Sender ID', deliveryStatus: 'Failed' },
	'7102': { description: 'Invalid address', deliveryStatus: 'Failed' },
	'7107': { description: 'Message length exceeded', deliveryStatus: 'Failed' },
	'7109': { description: 'User in DnD', deliveryStatus: 'Un-Delivered' },
	'7201': { description: 'Delivery failed at Operator', deliveryStatus: 'Un-Delivered' },
	'7202': { description: 'Delivery failed at platform', deliveryStatus: 'Un-Delivered' },
	'7203': { description: 'Unknown Subscriber address', deliveryStatus: 'Un-Delivered' },
	'7204': { description: 'Insufficient Credits in subscriber account', deliveryStatus: 'Un-Delivered' },
	'7205': { description: 'Error in Binary message', deliveryStatus: 'Un-Delivered' },
	'7206': { description: "Can't deliver. Subscriber SIM Full", deliveryStatus: 'Un-Delivered' },
	'7207': { description: 'Subscriber out of coverage area or not reachable', deliveryStatus: 'Un-Delivered' },
	'7208': { description: 'Message expired', deliveryStatus: 'Un-Delivered' },
	'7209': { description: 'Unable to deliver multipart message', deliveryStatus: 'Un-Delivered' },
	'7210': { description: 'Billing Configuration error', deliveryStatus: 'Un-Delivered' },
	'7211': { description: 'Billing error at operator', deliveryStatus: 'Un-Delivered' },
	'7528': { description: 'Clicked', deliveryStatus: 'Clicked' },
} as const satisfies Record<string, { description: string; deliveryStatus: DeliveryStatus | 'Clicked' }>;
export type StatusCode = keyof typeof STATUS_CODES;

export const STATUS = {
	delivered: '7500',
	submitted: '7501',
	invalidSenderId: '7101',
	invalidAddress: '7102',
	dnd: '7109',
	expired: '7208',
} as const satisfies Record<string, StatusCode>;

export function isStatusCode(value: unknown): value is StatusCode {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(STATUS_CODES, value);
}

/** A delivery report for one number (`notifyurl`, or an Outbound Webhook with entity = service) [C sms-outbound-webhooks]. */
export interface DeliveryInfo {
	timeStamp: string;
	/** Capital D, as Webex spells it. */
	Description: string;
	code: string;
	messageCount?: string;
	/** `SMS`. */
	deliveryChannel: string;
	additionalInfo?: string;
	destination: string;
	/** `msisdn`. */
	destinationType: string;
	deliveryStatus: string;
}

export interface DeliveryInfoNotification {
	deliveryInfoNotification: {
		deliveryInfo: DeliveryInfo;
		carrier?: string;
		subtid?: string;
		/** The `transid` of the send answer's entry. */
		transid: string;
		callbackData?: string;
		correlationid?: string;
	};
}

/**
 * An incoming SMS (Outbound Webhook, entity = number) [C]. `userld` (lower-case L) is spelt so in the doc.
 * [I] `oa` is the sender (SMPP convention; the doc's table and example disagree).
 */
export interface IncomingSms {
	userld?: string;
	Channel: string;
	da: string;
	message_source?: string;
	oa: string;
	message: string;
	messageCount?: string;
	tid?: string;
	datetime?: string;
	ts?: string;
	x_networkid?: string;
}

/** Notifications are POSTs expecting 200 within 10 s [C]; an unreachable URL gets 3 retries, 60 s apart [C]. */
export const NOTIFICATION = {
	timeoutMs: 10_000,
	retries: 3,
	retryIntervalMs: 60_000,
} as const;

/** Statuses after which Webex does not retry a notification [C outbound-webhooks]. */
export const NOT_RETRIED_STATUSES: ReadonlyArray<number | readonly [number, number]> = [
	[202, 208],
	226,
	[300, 308],
	400,
	402,
	[404, 411],
	[414, 416],
	418,
	505,
];

/** Whether Webex retries a notification after this HTTP answer (200 ends delivery; the statuses above are final). */
export function isRetriedByWebex(status: number): boolean {
	if (status === 200) return false;
	return !NOT_RETRIED_STATUSES.some((entry) => (typeof entry === 'number' ? entry === status : status >= entry[0] && status <= entry[1]));
}

/**
 * The hub signature of notifications: header `x-hub-signature`, the hex HMAC-SHA256 or HMAC-SHA512 of
 * the body with the hub secret [C outbound-webhooks]. [U] whether it carries a `sha256=`/`sha512=`
 * prefix and which bytes are signed: [I] the exact body; `verify` accepts the hex bare or prefixed
 * (`prefixOptional`), `sign` makes the prefixed form (drop `prefix` for the bare one).
 */
export const HUB_SIGNATURE_HEADER = 'x-hub-signature';
export const HUB_ALGORITHMS = ['sha256', 'sha512'] as const;
export type HubAlgorithm = (typeof HUB_ALGORITHMS)[number];

export const HUB_SIGNATURE_SCHEMES: Record<HubAlgorithm, SignatureScheme> = {
	sha256: { header: HUB_SIGNATURE_HEADER, algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', prefixOptional: true },
	sha512: { header: HUB_SIGNATURE_HEADER, algorithm: 'sha512', encoding: 'hex', prefix: 'sha512=', prefixOptional: true },
};

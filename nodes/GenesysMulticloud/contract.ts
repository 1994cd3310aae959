/**
 * Genesys Multicloud CX Third-Party Messaging (Digital Channels, "nexus"): the wire contract, as data.
 *
 * Read by the action node, the trigger AND the sandbox, so the simulator and the client cannot
 * drift apart. Sources: the vendor document (../shared/vendor-docs/genesys-third-party-messaging.txt)
 * and the reconstruction in vendor-notes section 2. [I] marks an inferred fact: each one is a
 * credential field or node option whose default is the value here.
 */
import type { SignatureScheme } from '../shared/signature';

/** Base path of the Engage Cloud APIs; the credential's base URL includes it. */
export const API_BASE_PATH = '/nexus/v3';

/**
 * [I] The Message and Receipt API path, below the base URL. The PDF lost the request line; the
 * doc's receipt example shows `POST /channels/company.com/messages`.
 */
export const DEFAULT_MESSAGES_PATH = '/channels/{channelId}/messages';

export function messagesPath(template: string, channelId: string): string {
	return template.replace('{channelId}', encodeURIComponent(channelId));
}

/** Both directions: `X-Hub-Signature: sha1=<lower-case hex HMAC-SHA1 of the exact body bytes>`, key = app secret. */
export const SIGNATURE: SignatureScheme = {
	header: 'x-hub-signature',
	algorithm: 'sha1',
	encoding: 'hex',
	prefix: 'sha1=',
};

export const HEADERS = {
	ccid: 'x-ccid',
	apiKey: 'x-api-key',
	traceId: 'x-b3-traceid',
} as const;

/** Genesys wants the webhook answered within this time; later (or a 5xx) means redelivery. */
export const WEBHOOK_DEADLINE_MS = 10_000;

export const MESSAGE_TYPES = { text: 'Text', receipt: 'Receipt', email: 'Email' } as const;

/**
 * The agent message types the document shows in webhooks (`Text`, `Email`); the trigger runs only
 * for these. Matched without regard to case [I]: a 4xx is not redelivered, so a message merely
 * spelled `text` would otherwise be lost.
 */
export const INBOUND_MESSAGE_TYPES = [MESSAGE_TYPES.text, MESSAGE_TYPES.email] as const;
export type InboundMessageType = (typeof INBOUND_MESSAGE_TYPES)[number];

export const RECEIPT_STATUSES = ['Delivered', 'Failed', 'Removed'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export const RECEIPT_STATUS_DESCRIPTIONS: Record<ReceiptStatus, string> = {
	Delivered: 'The message was delivered to the recipient',
	Failed: 'The message was not delivered',
	Removed: 'A previously published message was removed',
};

/** Failure reason codes of a `Failed` receipt, verbatim from the document's table. */
export const REASON_CODES = {
	305: 'The message has expired.',
	310: 'Rate limit reached.',
	350: 'Message not allowed.',
	500: 'General error.',
	510: 'Unsupported message.',
	512: 'Unknown message.',
	520: 'Invalid message structure.',
	530: 'Invalid destination.',
} as const;
export type ReasonCode = keyof typeof REASON_CODES;

export function isReasonCode(value: unknown): value is ReasonCode {
	return typeof value === 'number' && Object.prototype.hasOwnProperty.call(REASON_CODES, value);
}

/** [I] Genesys addresses are ids (digits without `+`, e-mail addresses, …); the limits are the package's own. */
export const LIMITS = {
	addressId: 256,
	messageId: 256,
	reasonMessage: 1024,
	/** [U] The API's own batch limit is not documented. */
	batch: 1000,
} as const;

export const DEFAULT_BATCH_SIZE = 50;
export const DEFAULT_CHANNEL_TYPE = 'sms';

export interface Address {
	id: string;
	name?: string;
}

export interface OutboundChannel {
	/** [U] Whether Genesys needs `channel.id` / `channel.type` in our sends is unknown: a node option. */
	id?: string;
	type?: string;
	from: Address;
	to: Address;
	messageId: string;
}

export interface TextMessage {
	channel: OutboundChannel;
	type: 'Text';
	text: string;
}

export interface ReceiptReason {
	code: ReasonCode;
	message?: string;
}

export interface ReceiptMessage {
	channel: OutboundChannel;
	type: 'Receipt';
	status: ReceiptStatus;
	reasons?: ReceiptReason[];
}

export type OutboundMessage = TextMessage | ReceiptMessage;

export interface MessagesRequest {
	messages: OutboundMessage[];
}

/** Every answer carries `status.code`; 0 is success, anything else an error with `status.message`. */
export interface ApiAnswer {
	status: { code: number; message?: string };
	data?: { ids?: string[] };
}

/** What Genesys sends us: one agent message (a bare object, or inside `messages[]`). */
export interface InboundMessage {
	channel: {
		id?: string;
		type?: string;
		from?: Address;
		to?: Address;
		messageId: string;
		context?: { replyTo?: Address };
	};
	type: string;
	text?: string;
	subject?: string;
	content?: Array<{ type: string; text: string }>;
}

/** The webhook answer Genesys matches later receipts with. */
export interface WebhookAnswer {
	messageId: string;
}

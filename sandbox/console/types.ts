/**
 * What the sandbox console shows: shared by the server (which builds it from the recorder) and the
 * page (which renders it). Plain data only; no Node or DOM types.
 */

/** How a status looks: still moving, done, done with a remark, or failed. */
export type Tone = 'pending' | 'ok' | 'warn' | 'failed';

/** One status on a message bubble, e.g. `delivered` (n8n answered 200) or `Delivered` (a Genesys receipt). */
export interface StatusChip {
	label: string;
	tone: Tone;
	/** The story behind it: attempt statuses, injected faults, reasons. */
	detail?: string;
}

/** Who wrote a message. */
export type Author = 'end-user' | 'contact-center';

export interface Bubble {
	key: string;
	/** Sequence number of the first record behind it (orders bubbles). */
	seq: number;
	at: string;
	author: Author;
	/** The vendor's sender type when it has one (agent, bot, customer). */
	sender?: string;
	text: string;
	statuses: StatusChip[];
	/** Traffic log rows behind this bubble (their seq). */
	traffic: number[];
}

/** A conversation as a vendor's console hook sees it: the contact-center side only. */
export interface VendorConversation {
	/** The end user's address at the vendor (Avaya: a phone number; Genesys: a consumer id). */
	endUser: string;
	/** The end user's phone number (E.164), when the address is one; the phone's SMS thread is found by it. */
	endUserPhone?: string;
	/** The contact center's address in this conversation. */
	business: string;
	/** A line about the conversation, e.g. its conversationSessionId. */
	detail?: string;
	messages: Bubble[];
}

/** What the page shows for one conversation: the end user's phone beside the contact center's console. */
export interface Conversation {
	/** Stable within a tab: the end user's phone number, else their address at the vendor. */
	id: string;
	endUser: string;
	endUserPhone?: string;
	business: string;
	detail?: string;
	lastSeq: number;
	lastAt: string;
	/** The SMS thread on the end user's phone (through the SMS stand-in). */
	phone: Bubble[];
	/** The contact center's side (the vendor's agent console). */
	agent: Bubble[];
}

/** A tab of the console: one per vendor mount. */
export interface VendorTab {
	name: string;
	title: string;
	/** Whether the vendor has a conversation view (a console hook). */
	conversations: boolean;
	/** The number end users text to reach this contact center through the SMS stand-in. */
	smsNumber?: string;
	/** A phone number to start a new conversation with. */
	sampleEndUser?: string;
	/** Sender types an agent reply can have; empty when the vendor has none. */
	agentSenders: string[];
	/** Endpoint kinds faults can target. */
	kinds: string[];
	/** Whether the vendor issues tokens (the token-expiry switch). */
	tokens: boolean;
	/** The simulated agent's auto-reply, when the vendor has one. */
	autoReply?: boolean;
	/** Lines about the wiring (webhook URLs, what is not set). */
	notes: string[];
}

/** Which way a request went: n8n (or any client) → vendor, or vendor → webhook. */
export type Direction = 'to-vendor' | 'from-vendor';

export interface TrafficRow {
	seq: number;
	at: string;
	vendor: string;
	direction: Direction;
	/** The endpoint kind (`send`, `token`, `messages`) or event kind (`messages`, `Text`, `inbound`). */
	kind: string;
	method: string;
	/** The path of the request (for a webhook: the path of its URL). */
	path: string;
	/** The final HTTP status, or null when none came (yet). */
	status: number | null;
	/** Every answer in order, e.g. `503 → 200`, or why nothing was sent. */
	statusText: string;
	tone: Tone;
	/** `valid`, `invalid`, `missing` (the vendor's check of a signed request), `signed`, `unsigned`, `forged` (what the sandbox sent); empty when the exchange is not signed. */
	signature: string;
	/** Requests (to a vendor): which retry of an identical earlier request this is (0 = first). Webhooks: redeliveries. */
	retries: number;
	faults: string[];
}

export interface TrafficAnswer {
	attempt: number;
	at: string;
	status: number | null;
	ms?: number;
	body: unknown;
	error?: string;
}

/** A traffic row with its headers (secrets masked) and bodies. */
export interface TrafficDetail extends TrafficRow {
	url: string;
	headers: Record<string, string>;
	body: unknown;
	answers: TrafficAnswer[];
}

/** What the page posts to write as the end user or as the agent. */
export interface EndUserMessage {
	endUser: string;
	text: string;
}

export interface AgentMessage {
	/** The end user's address at the vendor. */
	endUser: string;
	/** The contact center's address in the conversation, when known. */
	business?: string;
	text: string;
	sender?: string;
}

/**
 * A vendor's console hook (`VendorMount.console`): how the console lists the vendor's
 * conversations and how the vendor's agent writes.
 */
export interface VendorConsole {
	/** The contact-center side of every conversation, built from the sandbox's records. */
	conversations(): VendorConversation[];
	/** The number end users text to reach this contact center through the SMS stand-in, if any. */
	smsNumber(): string | undefined;
	/** The end user's address at this vendor for a phone number (Genesys consumer ids have no `+`). */
	endUserAddress(phone: string): string;
	/** A phone number to start a new conversation with. */
	sampleEndUser: string;
	/** Sender types an agent message can have (the first is the default). */
	agentSenders?: readonly string[];
	/** The agent writes: the vendor sends its signed webhook. Bad input throws AdminInputError before anything is sent. */
	agentSend(message: AgentMessage): Promise<unknown>;
	/** The simulated agent that answers each end-user message. */
	autoReply?: { get(): boolean; set(on: boolean): void };
	/** Lines about the wiring, e.g. where the webhook goes or that it is not set. */
	notes?(): string[];
}

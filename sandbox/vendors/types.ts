import type { SignatureVerdict } from '../../nodes/shared/signature';
import type { SandboxConfig } from '../config';
import type { VendorConsole } from '../console/types';

export type { VendorConsole } from '../console/types';
import type { Fault } from '../faults';
import type { ReceivedRequest, Reply } from '../http';
import type { Recorder } from '../recorder';
import type { Scheduler } from '../scheduler';

/** What every vendor simulator gets from the server. */
export interface SandboxContext {
	config: () => SandboxConfig;
	recorder: Recorder;
	scheduler: Scheduler;
	/** Base URL of the sandbox, e.g. `http://127.0.0.1:4100`. */
	baseUrl: () => string;
}

/** An admin command under `/_admin/<vendor>/<name>`; `body` is the parsed JSON body (or {}). */
export type AdminHandler = (body: Record<string, unknown>, query: URLSearchParams) => Promise<Reply> | Reply;

/** Lines `npm run sandbox` prints for this vendor (credentials to paste into n8n, URLs). */
export type Describe = () => string[];

/**
 * One simulated vendor, mounted at `prefix`. To add a vendor: write `vendors/<name>.ts` exporting a
 * `create…(ctx): VendorMount`, add it to `vendors/index.ts`, and its config section (`vendors/<name>Config.ts`) to `config.ts`.
 */
export interface VendorMount {
	name: string;
	/** What the console's tab is called, e.g. `Avaya Infinity` (default: the name). */
	title?: string;
	prefix: string;
	/** Endpoint kinds faults can target, e.g. `token`, `send`. */
	kinds: readonly string[];
	/** The endpoint kind of a path inside the mount, or undefined (→ 404). */
	classify(path: string): string | undefined;
	handle(kind: string, request: ReceivedRequest): Promise<Reply> | Reply;
	/** The vendor's body for an injected status fault (when the fault has none). */
	faultReply(kind: string, fault: Extract<Fault, { type: 'status' }>): Reply;
	/** The vendor's verdict on a request's signature, for vendors whose callers sign their requests; recorded with the request. */
	signatureVerdict?(kind: string, request: ReceivedRequest): SignatureVerdict | undefined;
	/** Applies the `expire-tokens` fault; returns how many tokens it expired. */
	expireTokens?(): number;
	/** Routes under `/_admin/<vendor>/<name>`; a name may start with its method (`'GET sessions'`) when a path has two. */
	admin?: Record<string, { method: 'GET' | 'POST'; handler: AdminHandler }>;
	describe?: Describe;
	/**
	 * The sandbox console's conversation view of this vendor (`sandbox/console/`): its conversations
	 * and how its agent writes. Without it the vendor's tab has its traffic log and fault switches.
	 */
	console?: VendorConsole;
	/** Forgets tokens, conversations and other runtime state (config stays). */
	reset(): void;
}

export type VendorFactory = (ctx: SandboxContext) => VendorMount;

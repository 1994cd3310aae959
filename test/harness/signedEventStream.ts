/**
 * A stream of signed Avaya `messages` events (fresh eventIds) from concurrent senders into one
 * trigger URL, running until stopped, each event signed with the secret its sender uses at that
 * moment, so a test can change the signing secret mid-stream as a vendor would. Senders do not
 * retry: Avaya does not redeliver a 401, and any other failure is what the test is looking for.
 */
import { avayaMessage, postAvayaEvent } from './context';

export interface StreamedEvent {
	eventId: string;
	sender: number;
	/** The name (never the value) of the secret the event was signed with. */
	signedWith: string;
	/** Date.now() when the request was sent and when its answer (or failure) came. */
	sentAt: number;
	answeredAt: number;
	/** HTTP status, or 0 when the request failed without one. */
	status: number;
	answer: unknown;
}

export interface SignedEventStreamOptions {
	url: string;
	senders: number;
	/** Pause between two events of one sender. */
	intervalMs: number;
	/** The secrets by name. */
	secrets: Record<string, string>;
	/** The name of the secret `sender` signs its next event with (asked before every event). */
	signerOf: (sender: number) => string;
	/** Bounds: the stream stops by itself after this many events or this long. */
	maxEvents: number;
	maxDurationMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SignedEventStream {
	private readonly events: StreamedEvent[] = [];
	private readonly inFlight = new Map<string, number>();
	private stopped = false;
	private sent = 0;
	private running: Promise<void> | undefined;
	private startedAt = 0;

	constructor(private readonly options: SignedEventStreamOptions) {}

	start(): void {
		this.startedAt = Date.now();
		this.running = Promise.all(Array.from({ length: this.options.senders }, (_, sender) => this.sender(sender))).then(() => undefined);
	}

	/** Milliseconds since start(). */
	elapsedMs(): number {
		return Date.now() - this.startedAt;
	}

	/** Resolves once no request signed with `name` is awaiting its answer (bounded by `timeoutMs`). */
	async drained(name: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while ((this.inFlight.get(name) ?? 0) > 0) {
			if (Date.now() > deadline) throw new Error(`requests signed with ${name} still unanswered after ${timeoutMs} ms`);
			await sleep(20);
		}
	}

	/** Stops sending, waits for the answers in flight, and returns every event sent. */
	async stop(): Promise<StreamedEvent[]> {
		this.stopped = true;
		await this.running;
		return [...this.events];
	}

	private async sender(sender: number): Promise<void> {
		const { url, intervalMs, secrets, signerOf, maxEvents, maxDurationMs } = this.options;
		while (!this.stopped && this.sent < maxEvents && this.elapsedMs() < maxDurationMs) {
			this.sent++;
			const signedWith = signerOf(sender);
			const secret = secrets[signedWith];
			if (secret === undefined) throw new Error(`no secret named ${signedWith}`);
			const event = avayaMessage('agent', `stream event from sender ${sender}`);
			this.inFlight.set(signedWith, (this.inFlight.get(signedWith) ?? 0) + 1);
			const sentAt = Date.now();
			let status = 0;
			let answer: unknown;
			try {
				const response = await postAvayaEvent(url, event, { secret });
				status = response.status;
				answer = response.json ?? response.text;
			} catch (error) {
				answer = (error as Error).message;
			}
			this.inFlight.set(signedWith, (this.inFlight.get(signedWith) ?? 1) - 1);
			this.events.push({ eventId: event.eventId, sender, signedWith, sentAt, answeredAt: Date.now(), status, answer });
			if (intervalMs > 0) await sleep(intervalMs);
		}
	}
}

import type { ServerResponse } from 'node:http';

import type { Recorder } from '../recorder';

/** Changes close together are sent as one event. */
const COALESCE_MS = 60;
/** A comment line now and then keeps idle connections (and proxies) from timing out. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for the console: a `changed` event (with the latest record sequence number)
 * after the sandbox records traffic, so open pages fetch what they show again.
 */
export class LiveUpdates {
	private readonly clients = new Set<ServerResponse>();
	private pending: NodeJS.Timeout | undefined;
	private readonly heartbeat: NodeJS.Timeout;
	private readonly unsubscribe: () => void;

	constructor(private readonly recorder: Recorder) {
		this.unsubscribe = recorder.subscribe(() => this.schedule());
		this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS);
		this.heartbeat.unref();
	}

	/** Turns `res` into an event stream until the client goes away. */
	attach(res: ServerResponse): void {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
		res.write(`retry: 1000\nevent: changed\ndata: ${JSON.stringify({ seq: this.recorder.lastSeq() })}\n\n`);
		this.clients.add(res);
		res.on('close', () => this.clients.delete(res));
	}

	/** Tells every page that something changed that the recorder does not see (faults, config). */
	notify(): void {
		this.schedule();
	}

	private schedule(): void {
		if (this.pending || this.clients.size === 0) return;
		this.pending = setTimeout(() => {
			this.pending = undefined;
			this.write(`event: changed\ndata: ${JSON.stringify({ seq: this.recorder.lastSeq() })}\n\n`);
		}, COALESCE_MS);
		this.pending.unref();
	}

	private write(chunk: string): void {
		for (const client of this.clients) client.write(chunk);
	}

	close(): void {
		this.unsubscribe();
		clearInterval(this.heartbeat);
		if (this.pending) clearTimeout(this.pending);
		for (const client of this.clients) client.end();
		this.clients.clear();
	}
}

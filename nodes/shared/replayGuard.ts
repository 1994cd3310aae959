/**
 * Bounded, time-limited memory of webhook event ids, so a redelivered event starts no second run.
 * An id is remembered as accepted only once n8n has taken the execution (the HTTP answer that
 * says so has gone out with a 2xx); until then it is "pending", and a failed hand-over forgets it
 * so the vendor's redelivery is processed.
 */
import type { ServerResponse } from 'node:http';

export type ReplayState = 'new' | 'pending' | 'accepted';

export interface ReplayGuardOptions {
	maxEntries: number;
	ttlMs: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplayGuardOptions = { maxEntries: 50_000, ttlMs: 24 * 3600_000 };

export class ReplayGuard {
	// Map iteration order is insertion order: the first key is always the oldest.
	private readonly entries = new Map<string, { state: 'pending' | 'accepted'; at: number }>();

	constructor(private readonly options: ReplayGuardOptions = DEFAULT_REPLAY_OPTIONS) {}

	state(id: string, now = Date.now()): ReplayState {
		const entry = this.entries.get(id);
		if (!entry) return 'new';
		if (now - entry.at > this.options.ttlMs) {
			this.entries.delete(id);
			return 'new';
		}
		return entry.state;
	}

	/** Marks `id` pending; false when it is already pending or accepted. */
	begin(id: string, now = Date.now()): boolean {
		if (this.state(id, now) !== 'new') return false;
		this.entries.set(id, { state: 'pending', at: now });
		this.evict();
		return true;
	}

	accept(id: string, now = Date.now()): void {
		this.entries.delete(id);
		this.entries.set(id, { state: 'accepted', at: now });
		this.evict();
	}

	forget(id: string): void {
		if (this.entries.get(id)?.state === 'pending') this.entries.delete(id);
	}

	get size(): number {
		return this.entries.size;
	}

	private evict(): void {
		while (this.entries.size > this.options.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}

	/**
	 * Claims the ids of one delivery. `busy` when one of them is still being handed to n8n by an
	 * earlier delivery (ask the vendor to come back); otherwise `fresh` lists those not accepted
	 * before, now pending until `response` has gone out (an empty list means a pure replay).
	 */
	claim(ids: string[], response: ServerResponse): { busy: true } | { busy: false; fresh: string[] } {
		if (ids.some((id) => this.state(id) === 'pending')) return { busy: true };
		const fresh = ids.filter((id) => this.begin(id));
		for (const id of fresh) this.settleWith(response, id);
		return { busy: false, fresh };
	}

	/**
	 * Settles a pending id when the HTTP answer has gone out: accepted on a 2xx, forgotten
	 * otherwise (including a connection closed before the answer).
	 */
	settleWith(response: ServerResponse, id: string): void {
		let settled = false;
		const settle = (ok: boolean) => {
			if (settled) return;
			settled = true;
			if (ok) this.accept(id);
			else this.forget(id);
		};
		response.once('finish', () => settle(response.statusCode >= 200 && response.statusCode < 300));
		response.once('close', () => settle(response.writableFinished && response.statusCode < 300));
	}
}

const guards = new Map<string, ReplayGuard>();

/** One guard per trigger node of a workflow, in this process. */
export function replayGuardFor(scope: string): ReplayGuard {
	let guard = guards.get(scope);
	if (!guard) {
		guard = new ReplayGuard();
		guards.set(scope, guard);
	}
	return guard;
}

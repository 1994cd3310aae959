/** A request the per-customer rate limit refused (429). */
export interface RateLimitedRecord {
	at: string;
	subdomain: string;
	/** Requests admitted in the 1 s before it. */
	inWindow: number;
	limit: number;
}

export interface ActiveSession {
	subdomain: string;
	endUserNumber: string;
	chatId: number;
	startedAt: string;
}

const MAX_RATE_LIMITED = 10_000;
const key = (subdomain: string, number: string) => `${subdomain}\n${number}`;

/** Runtime state of the simulated customers: ids, active SMS sessions, the rate limit's window. */
export class CcaiState {
	// Counters start at the doc's example ids (chat 114, end user 87, participant 205).
	private nextChatId = 114;
	private nextEndUserId = 87;
	private nextParticipantId = 205;
	private endUsers = new Map<string, number>();
	private sessions = new Map<string, ActiveSession>();
	private admitted = new Map<string, number[]>();
	private limited: RateLimitedRecord[] = [];

	/**
	 * Sliding 1 s window per customer: admits the request (and counts it) when fewer than `limit`
	 * were admitted in the last second; a refused request is recorded and not counted. 0: no limit.
	 */
	admit(subdomain: string, limit: number, now = Date.now()): boolean {
		if (limit === 0) return true;
		const recent = (this.admitted.get(subdomain) ?? []).filter((at) => at > now - 1000);
		this.admitted.set(subdomain, recent);
		if (recent.length >= limit) {
			this.limited.push({ at: new Date(now).toISOString(), subdomain, inWindow: recent.length, limit });
			if (this.limited.length > MAX_RATE_LIMITED) this.limited.splice(0, this.limited.length - MAX_RATE_LIMITED);
			return false;
		}
		recent.push(now);
		return true;
	}

	rateLimited(): RateLimitedRecord[] {
		return [...this.limited];
	}

	activeSession(subdomain: string, endUserNumber: string): ActiveSession | undefined {
		return this.sessions.get(key(subdomain, endUserNumber));
	}

	activeSessions(): ActiveSession[] {
		return [...this.sessions.values()].map((session) => ({ ...session }));
	}

	startSession(session: ActiveSession): void {
		this.sessions.set(key(session.subdomain, session.endUserNumber), session);
	}

	/** Ends the sessions matching the filter (all when empty); returns how many ended. */
	endSessions(filter: { subdomain?: string; endUserNumber?: string; chatId?: number }): number {
		let ended = 0;
		for (const [id, session] of this.sessions) {
			if (filter.subdomain !== undefined && session.subdomain !== filter.subdomain) continue;
			if (filter.endUserNumber !== undefined && session.endUserNumber !== filter.endUserNumber) continue;
			if (filter.chatId !== undefined && session.chatId !== filter.chatId) continue;
			this.sessions.delete(id);
			ended += 1;
		}
		return ended;
	}

	endUserId(subdomain: string, endUserNumber: string): number {
		const id = this.endUsers.get(key(subdomain, endUserNumber)) ?? this.nextEndUserId++;
		this.endUsers.set(key(subdomain, endUserNumber), id);
		return id;
	}

	chatId(): number {
		return this.nextChatId++;
	}

	participantId(): number {
		return this.nextParticipantId++;
	}

	/** Forgets sessions, end users and the window; ids start again at the doc's. */
	reset(): void {
		this.nextChatId = 114;
		this.nextEndUserId = 87;
		this.nextParticipantId = 205;
		this.endUsers = new Map();
		this.sessions = new Map();
		this.admitted = new Map();
		this.limited = [];
	}
}

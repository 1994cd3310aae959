import { randomUUID } from 'node:crypto';

import type { CreateSessionResponse } from '../../nodes/Alvaria/contract';
import { OpaqueTokens } from '../opaqueTokens';
import type { AlvariaConfig } from './alvariaConfig';

/** A streaming session: what `via-client-sessionid` names. */
export interface StreamingSession {
	sessionId: string;
	orgId: string;
	userId?: string;
	creationTime: string;
	inactivityDelaySeconds: number;
	/** Polled by its owner (the simulated agent application): never expires for inactivity. */
	keptAlive: boolean;
	lastPollMs: number;
	pollsInFlight: number;
	ended?: 'deleted' | 'expired' | 'closed';
	events: unknown[];
	wakePolls: Set<() => void>;
}

export interface SessionView extends CreateSessionResponse {
	orgId: string;
	userId?: string;
	keptAlive: boolean;
	live: boolean;
	ended?: StreamingSession['ended'];
	queuedEvents: number;
}

export interface Interaction {
	orgId: string;
	interactionId: string;
	state: 'open' | 'closed';
	openedAt: string;
	closedAt?: string;
}

const key = (orgId: string, id: string) => `${orgId}\n${id}`;

/** Runtime state of the simulated organizations: tokens, streaming sessions, interactions. */
export class AlvariaState {
	readonly tokens = new OpaqueTokens();
	private sessions = new Map<string, StreamingSession>();
	private interactions = new Map<string, Interaction>();
	/** Seeds already created since the last reset (a closed seed stays closed). */
	private seeded = new Set<string>();
	private nextInteractionId = 10_001;

	constructor(private readonly config: () => AlvariaConfig) {}

	/** Creates the configured seed session and interactions that do not exist yet. */
	private seed(): void {
		for (const org of this.config().orgs) {
			if (org.seedSessionId && !this.seeded.has(key(org.orgId, `session:${org.seedSessionId}`))) {
				this.seeded.add(key(org.orgId, `session:${org.seedSessionId}`));
				this.createSession(org.orgId, { sessionId: org.seedSessionId, keepAlive: true, userId: org.userIds[0] });
			}
			for (const interactionId of org.seedInteractionIds) {
				if (this.seeded.has(key(org.orgId, `interaction:${interactionId}`))) continue;
				this.seeded.add(key(org.orgId, `interaction:${interactionId}`));
				this.openInteraction(org.orgId, interactionId);
			}
		}
	}

	createSession(orgId: string, options: { sessionId?: string; keepAlive?: boolean; userId?: string } = {}): StreamingSession {
		const session: StreamingSession = {
			sessionId: options.sessionId ?? randomUUID(),
			orgId,
			userId: options.userId,
			creationTime: new Date().toISOString(),
			inactivityDelaySeconds: this.config().inactivityDelaySeconds,
			keptAlive: options.keepAlive ?? false,
			lastPollMs: Date.now(),
			pollsInFlight: 0,
			events: [],
			wakePolls: new Set(),
		};
		this.sessions.set(session.sessionId, session);
		return session;
	}

	/** The session if it is live in this org; a session without a poll for inactivityDelay is dropped for good. */
	liveSession(orgId: string, sessionId: string, now = Date.now()): StreamingSession | undefined {
		this.seed();
		const session = this.sessions.get(sessionId);
		if (!session || session.orgId !== orgId || session.ended) return undefined;
		const idle = session.pollsInFlight === 0 && now - session.lastPollMs >= session.inactivityDelaySeconds * 1000;
		if (!session.keptAlive && idle) {
			this.endSession(session, 'expired');
			return undefined;
		}
		return session;
	}

	endSession(session: StreamingSession, reason: NonNullable<StreamingSession['ended']>): void {
		session.ended ??= reason;
		for (const wake of session.wakePolls) wake();
	}

	session(sessionId: string): StreamingSession | undefined {
		this.seed();
		return this.sessions.get(sessionId);
	}

	queueEvent(session: StreamingSession, event: unknown): void {
		session.events.push(event);
		for (const wake of session.wakePolls) wake();
	}

	view(session: StreamingSession): SessionView {
		const live = this.liveSession(session.orgId, session.sessionId) !== undefined;
		return {
			sessionId: session.sessionId,
			creationTime: session.creationTime,
			inactivityDelay: session.inactivityDelaySeconds,
			orgId: session.orgId,
			...(session.userId ? { userId: session.userId } : {}),
			keptAlive: session.keptAlive,
			live,
			...(session.ended ? { ended: session.ended } : {}),
			queuedEvents: session.events.length,
		};
	}

	allSessions(): SessionView[] {
		this.seed();
		return [...this.sessions.values()].map((session) => this.view(session));
	}

	/** Opens (or reopens) an interaction; without an id, a new numeric one like the doc's `4321`. */
	openInteraction(orgId: string, interactionId: string = this.freshInteractionId(orgId)): Interaction {
		const interaction: Interaction = { orgId, interactionId, state: 'open', openedAt: new Date().toISOString() };
		this.interactions.set(key(orgId, interactionId), interaction);
		return interaction;
	}

	private freshInteractionId(orgId: string): string {
		let id: string;
		do id = String(this.nextInteractionId++);
		while (this.interactions.has(key(orgId, id)));
		return id;
	}

	interaction(orgId: string, interactionId: string): Interaction | undefined {
		this.seed();
		return this.interactions.get(key(orgId, interactionId));
	}

	closeInteraction(interaction: Interaction): void {
		interaction.state = 'closed';
		interaction.closedAt ??= new Date().toISOString();
	}

	allInteractions(): Interaction[] {
		this.seed();
		return [...this.interactions.values()].map((interaction) => ({ ...interaction }));
	}

	reset(): void {
		this.tokens.clear();
		for (const session of this.sessions.values()) this.endSession(session, 'closed');
		this.sessions = new Map();
		this.interactions = new Map();
		this.seeded = new Set();
	}
}

import { randomBytes } from 'node:crypto';

import type { AvayaTenant } from './avayaConfig';
import { TokenIssuer } from '../jwt';

/** Ids shaped like the doc's (`049d01091481a36c2dfd6f3f4e`): 26 lower-case hex characters. */
export function newAvayaId(): string {
	return randomBytes(13).toString('hex');
}

export interface ConversationParties {
	connectorId: string;
	channel: string;
	endUser: string;
	businessNumber: string;
}

/** Runtime state of the simulated Avaya tenant(s): tokens, open conversations, webhook status. */
export class AvayaState {
	readonly tokens = new TokenIssuer();
	private conversations = new Map<string, string>();
	private disabledWebhooks = new Set<string>();
	private lastEndUser = new Map<string, string>();

	/** The open conversation of these parties, or a new one (Avaya's routing rule, vendor doc). */
	conversationFor(parties: ConversationParties): string {
		const key = [parties.connectorId, parties.channel, parties.endUser, parties.businessNumber].join('\n');
		let id = this.conversations.get(key);
		if (!id) this.conversations.set(key, (id = newAvayaId()));
		this.lastEndUser.set(parties.connectorId, parties.endUser);
		return id;
	}

	/** Ends one conversation (by id) or all; returns how many ended. */
	endConversations(conversationSessionId?: string): number {
		let ended = 0;
		for (const [key, id] of this.conversations) {
			if (conversationSessionId === undefined || id === conversationSessionId) {
				this.conversations.delete(key);
				ended += 1;
			}
		}
		return ended;
	}

	latestEndUser(connectorId: string): string | undefined {
		return this.lastEndUser.get(connectorId);
	}

	webhookEnabled(tenant: AvayaTenant): boolean {
		return !this.disabledWebhooks.has(tenant.connectorId);
	}

	setWebhookEnabled(tenant: AvayaTenant, enabled: boolean): void {
		if (enabled) this.disabledWebhooks.delete(tenant.connectorId);
		else this.disabledWebhooks.add(tenant.connectorId);
	}

	reset(): void {
		this.tokens.clear();
		this.conversations = new Map();
		this.disabledWebhooks = new Set();
		this.lastEndUser = new Map();
	}
}

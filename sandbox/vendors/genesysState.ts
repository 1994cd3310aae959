import type { InboundMessage } from '../../nodes/GenesysMulticloud/contract';
import type { GenesysDeliveryRecord } from './genesysEvents';

/** Runtime state of the simulated channel(s): who wrote last, and the agent messages sent (for receipts). */
export class GenesysState {
	private consumers = new Map<string, string>();
	private agentMessages = new Map<string, { channelId: string; message: InboundMessage; delivery: GenesysDeliveryRecord }>();

	noteConsumer(channelId: string, consumerId: string): void {
		this.consumers.set(channelId, consumerId);
	}

	latestConsumer(channelId: string): string | undefined {
		return this.consumers.get(channelId);
	}

	rememberAgentMessage(channelId: string, message: InboundMessage, delivery: GenesysDeliveryRecord): void {
		this.agentMessages.set(message.channel.messageId, { channelId, message, delivery });
	}

	/** Whether a receipt's messageId is one of an agent message of this channel (sent, or as the webhook answered it). */
	knowsAgentMessage(channelId: string, messageId: string): boolean {
		for (const entry of this.agentMessages.values()) {
			if (entry.channelId !== channelId) continue;
			// The receipt may come before the webhook answer is read (a workflow that answers when finished).
			if (entry.message.channel.messageId === messageId || entry.delivery.genesys.answeredMessageId === messageId) return true;
		}
		return false;
	}

	deliveries(): GenesysDeliveryRecord[] {
		return [...this.agentMessages.values()].map((entry) => entry.delivery);
	}

	reset(): void {
		this.consumers = new Map();
		this.agentMessages = new Map();
	}
}

/**
 * The bridges the bench measures and their contenders, each an active workflow in
 * bench/workflows/. For each bridge: this package's nodes (ours), the same job built from n8n's
 * own nodes (the builder's workflow), and n8n's floor with our nodes replaced by the cheapest
 * nodes n8n has: F1 (Webhook in place of the trigger, No Operation in place of the vendor call)
 * and F2 (Webhook, and an HTTP Request with a fixed body, no token and no signature).
 */
import { AcceptedLog, AVAYA_SENDS, GENESYS_RECEIPTS } from '../lib/accepted';
import { agentMessage, signedAvayaRequest } from '../lib/avayaEvents';
import type { BenchBed } from '../lib/benchBed';
import { genesysAgentMessage, signedGenesysRequest } from '../lib/genesysEvents';

export type ContenderKey = 'ours' | 'builder' | 'f1' | 'f2';

export interface BridgeContender {
	key: ContenderKey;
	label: string;
	workflowId: string;
	url: string;
	/**
	 * The vendor's record of each message this contender delivered (named by the event's key,
	 * accepted at ms since epoch), for the contenders that send something naming the message.
	 */
	delivered?(tag: string, want: number): Promise<Array<{ key: string; atMs: number }>>;
}

export interface SignedEvent {
	/** Names the message in the vendor's records (starts with the round's tag). */
	key: string;
	body: string;
	headers: Record<string, string>;
}

export interface BridgeSpec {
	vendor: string;
	/** What one message goes through in ours. */
	title: string;
	contenders: BridgeContender[];
	event(tag: string, index: number): SignedEvent;
	/** Run once before the first round (warm-ups included). */
	beforeFirstRound?(): Promise<void>;
}

function deliveredFrom(log: AcceptedLog): BridgeContender['delivered'] {
	return async (tag, want) => {
		const records = await log.collect(`${tag}-`, want, 60_000);
		return records.map((record) => ({ key: log.keyOf(record), atMs: Date.parse(record.at) }));
	};
}

export function avayaBridge(bed: BenchBed, options: { expireTokensFirst: boolean }): BridgeSpec {
	const sends = new AcceptedLog(bed.sandbox.client, AVAYA_SENDS);
	return {
		vendor: 'Avaya',
		title: 'signed Avaya `messages` event → Avaya Send Message',
		contenders: [
			{
				key: 'ours',
				label: 'ours: Avaya Infinity Trigger → Avaya Send Message',
				workflowId: 'benchBridgePkg01',
				url: bed.n8n.webhookUrl('bench-bridge-package'),
				delivered: deliveredFrom(sends),
			},
			{
				key: 'builder',
				label: "builder's: Webhook → Crypto → If → HTTP token → HTTP send",
				workflowId: 'benchBridgeDiy01',
				url: bed.n8n.productionUrl('bench-bridge-builder'),
				delivered: deliveredFrom(sends),
			},
			{ key: 'f1', label: 'F1: Webhook → No Operation', workflowId: 'benchBridgeF1av1', url: bed.n8n.productionUrl('bench-bridge-f1') },
			{ key: 'f2', label: 'F2: Webhook → HTTP Request (fixed body)', workflowId: 'benchBridgeF2av1', url: bed.n8n.productionUrl('bench-bridge-f2') },
		],
		event(tag, index) {
			const key = `${tag}-${index}`;
			return { key, ...signedAvayaRequest(agentMessage(key)) };
		},
		async beforeFirstRound() {
			await sends.next(); // skip what earlier scenarios left
			// Every token expires once before the first round: the package's nodes refresh it once (single flight) under concurrent executions.
			if (options.expireTokensFirst) await bed.sandbox.client.addFault({ vendor: 'avaya', kind: 'token', fault: { type: 'expire-tokens' } });
		},
	};
}

export function genesysBridge(bed: BenchBed): BridgeSpec {
	const receipts = new AcceptedLog(bed.sandbox.client, GENESYS_RECEIPTS);
	return {
		vendor: 'Genesys',
		title: 'signed Genesys agent message → SMS (HTTP Request to the SMS stand-in) → Genesys Delivered receipt',
		contenders: [
			{
				key: 'ours',
				label: 'ours: Genesys Multicloud CX Trigger → SMS → Genesys Delivered receipt',
				workflowId: 'benchGenesysPkg1',
				url: bed.n8n.webhookUrl('bench-genesys-package'),
				delivered: deliveredFrom(receipts),
			},
			{
				key: 'builder',
				label: "builder's: Webhook → Code (signature check, receipt signature) → SMS → HTTP receipt",
				workflowId: 'benchGenesysDiy1',
				url: bed.n8n.productionUrl('bench-genesys-builder'),
				delivered: deliveredFrom(receipts),
			},
			{ key: 'f1', label: 'F1: Webhook → SMS → No Operation', workflowId: 'benchGenesysF1a1', url: bed.n8n.productionUrl('bench-genesys-f1') },
			{ key: 'f2', label: 'F2: Webhook → SMS → HTTP Request (fixed body)', workflowId: 'benchGenesysF2a1', url: bed.n8n.productionUrl('bench-genesys-f2') },
		],
		event(tag, index) {
			const key = `${tag}-${index}`;
			return { key, ...signedGenesysRequest(genesysAgentMessage(key, key)) };
		},
		async beforeFirstRound() {
			await receipts.next();
		},
	};
}

/**
 * `npm run play [-- "text"]`: while `npm start` runs, an end user sends an SMS through the sandbox's
 * SMS provider; this waits for the round trip through n8n and Avaya and prints the transcript.
 */
import { SandboxClient } from '../sandbox/client';
import type { AcceptedRecord, DeliveryRecord } from '../sandbox/recorder';
import type { SmsMessage } from '../sandbox/vendors/sms';
import { readExecutions } from '../test/harness/executions';
import { readRunState, type RunState } from './runState';

const END_USER = process.env.PLAY_FROM ?? '+14155550123';
const TIMEOUT_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RoundTrip {
	avayaSend?: AcceptedRecord;
	agentEvent?: DeliveryRecord;
	sms?: AcceptedRecord;
}

async function currentMark(client: SandboxClient): Promise<number> {
	const [records, accepted, events] = await Promise.all([client.records(), client.accepted(), client.events()]);
	return Math.max(0, ...[...records, ...accepted, ...events].map((record) => record.seq));
}

async function waitForRoundTrip(client: SandboxClient, since: number): Promise<RoundTrip> {
	const deadline = Date.now() + TIMEOUT_MS;
	const trip: RoundTrip = {};
	while (Date.now() < deadline) {
		trip.avayaSend ??= (await client.accepted({ vendor: 'avaya', kind: 'send', since }))[0];
		trip.agentEvent ??= (await client.events({ vendor: 'avaya', kind: 'messages', since })).find(
			(record) => record.attempts.length > 0 && (record.event as { headers?: { to?: string[] } }).headers?.to?.[0] === END_USER,
		);
		trip.sms ??= (await client.accepted({ vendor: 'sms', since })).find((record) => (record.response as SmsMessage).to === END_USER);
		if (trip.avayaSend && trip.agentEvent && trip.sms) break;
		await sleep(200);
	}
	return trip;
}

function statuses(record: DeliveryRecord): string {
	return record.attempts.map((attempt) => attempt.status ?? attempt.error ?? 'no answer').join(', ');
}

function printTranscript(state: RunState, text: string, inbound: DeliveryRecord, trip: RoundTrip): boolean {
	console.log(`\nEnd-user conversation through n8n (workflow ${state.workflowId}):\n`);
	console.log(`1. phone ${END_USER} -> ${state.businessNumber}   SMS: "${text}"`);
	console.log(`   SMS provider -> n8n "SMS in" webhook: HTTP ${statuses(inbound)}`);
	if (!trip.avayaSend) {
		console.log('2. n8n -> Avaya Send Message: nothing arrived at Avaya (see the execution in the n8n editor)');
		return false;
	}
	const sent = trip.avayaSend.response as { messageId: string; conversationSessionId: string };
	console.log(`2. n8n -> Avaya Infinity Send Message: accepted`);
	console.log(`   messageId ${sent.messageId}, conversationSessionId ${sent.conversationSessionId}`);
	if (!trip.agentEvent) {
		console.log('3. Avaya agent reply -> n8n trigger: no reply event was sent');
		return false;
	}
	const reply = trip.agentEvent.event as { sender: { type: string }; body: { text: string } };
	console.log(`3. Avaya ${reply.sender.type} reply -> n8n "Avaya Infinity Trigger": HTTP ${statuses(trip.agentEvent)}`);
	console.log(`   "${reply.body.text}"`);
	if (!trip.sms) {
		console.log('4. n8n -> SMS provider: no SMS reached the phone');
		return false;
	}
	const sms = trip.sms.response as SmsMessage;
	console.log(`4. n8n -> SMS provider -> phone ${sms.to}   SMS: "${sms.text}"   (${sms.id}, ${sms.status})`);
	return true;
}

async function main(): Promise<void> {
	const state = readRunState();
	if (!state) {
		console.error('Nothing to play against: start the demo first with `npm start` (and keep it running).');
		process.exit(1);
	}
	const text = process.argv.slice(2).join(' ').trim() || 'Hi, I was charged twice for my order';
	const client = new SandboxClient(state.sandboxUrl);
	const executionsBefore = (await readExecutions(state.userFolder, state.workflowId)).length;
	const since = await currentMark(client);

	const inbound = await client.smsInbound({ from: END_USER, to: state.businessNumber, text });
	const trip = await waitForRoundTrip(client, since);
	const complete = printTranscript(state, text, inbound, trip);

	await sleep(300);
	const runs = (await readExecutions(state.userFolder, state.workflowId)).slice(executionsBefore);
	console.log(`\nn8n executions of the bridge: ${runs.map((run) => `#${run.id} ${run.status}`).join(', ') || 'none'}`);
	console.log(`See them in the editor: ${state.n8nUrl}/workflow/${state.workflowId}/executions`);
	if (!complete) process.exit(1);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});

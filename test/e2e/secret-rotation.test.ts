/**
 * Rotating the Avaya webhook secret in a real n8n while signed events stream into the trigger, the
 * way an operator does it: the credential is edited in n8n over its REST API (what the editor's Save
 * does) and the sender switches the secret it signs with. Two orders:
 * - n8n first (the recommended one): new secret in Webhook Secret, the old one in Previous Webhook
 *   Secret, then the vendor switches, then Previous is cleared. No event may be refused or lost.
 * - the vendor first, n8n updated right after: the events signed with the new secret before n8n has
 *   it are refused with 401, which Avaya does not retry; the test measures how many.
 * Each order has its own credential (test/e2e/credentials/avaya-rotation.json) and workflow
 * (Avaya Infinity Trigger → No Operation, test/e2e/workflows/avaya-rotation-*.json).
 */
import { CREDENTIAL_CACHE_ENV, DEFAULT_CREDENTIAL_CACHE_SECONDS } from '../../nodes/shared/credentialCache';
import { DEMO_OWNER } from '../../scripts/ownerAccount';
import { editCredential } from '../harness/editCredential';
import { signInAsOwner, type N8nOwnerSession } from '../harness/n8nOwnerSession';
import { avayaMessage, e2e, executionCountAfter, executions, executionsFinished, nodeOutput, postAvayaEvent, webhookUrl } from '../harness/context';
import { SignedEventStream, type StreamedEvent } from '../harness/signedEventStream';
import { scanForSecrets } from './faults-secret-scan';
import rotationCredentials from './credentials/avaya-rotation.json';

const TRIGGER = 'Avaya Infinity Trigger';
const SENDERS = 10;
const SENDER_INTERVAL_MS = 100;
const STREAM_BOUNDS = { maxEvents: 5000, maxDurationMs: 60_000 };
/** How long the trigger may serve a cached credential (n8n inherits this environment); 0 when off. */
const CACHE_MS = (() => {
	const seconds = Number(process.env[CREDENTIAL_CACHE_ENV] || DEFAULT_CREDENTIAL_CACHE_SECONDS);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
})();

const N8N_FIRST = { workflowId: 'e2eAvayaRotate01', webhookId: 'e2e-avaya-rotation-n8n-first', credentialId: 'avayaRotation001' };
const VENDOR_FIRST = { workflowId: 'e2eAvayaRotate02', webhookId: 'e2e-avaya-rotation-vendor-first', credentialId: 'avayaRotation002' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function oldSecretOf(credentialId: string): string {
	const credential = rotationCredentials.find((candidate) => candidate.id === credentialId);
	if (!credential) throw new Error(`no credential ${credentialId} in avaya-rotation.json`);
	return credential.data.webhookSecret;
}

/** Runs `step` and returns when it started and when it had finished (Date.now()). */
async function timed(step: () => Promise<void>): Promise<{ startedAt: number; doneAt: number }> {
	const startedAt = Date.now();
	await step();
	return { startedAt, doneAt: Date.now() };
}

function wasAccepted(event: StreamedEvent): boolean {
	const answer = event.answer as { status?: unknown; eventId?: unknown } | undefined;
	return event.status === 200 && answer?.status === 'accepted' && answer.eventId === event.eventId;
}

/**
 * How many runs of the workflow carried each eventId, once `expected` runs have finished and no more
 * have appeared (n8n answers before it stores the run). Every run must have succeeded.
 */
async function runsPerEventId(workflowId: string, expected: number): Promise<Map<string, number>> {
	await executionsFinished(workflowId, expected, 180_000);
	await executionCountAfter(workflowId, 2000);
	const stored = await executions(workflowId);
	expect(stored.filter((execution) => execution.status !== 'success').map((execution) => `${execution.id}: ${execution.status}`)).toEqual([]);
	const runs = new Map<string, number>();
	for (const execution of stored) {
		for (const item of nodeOutput(execution, TRIGGER)) runs.set(String(item.eventId), (runs.get(String(item.eventId)) ?? 0) + 1);
	}
	return runs;
}

function describeStream(events: StreamedEvent[]): string {
	const first = Math.min(...events.map((event) => event.sentAt));
	const last = Math.max(...events.map((event) => event.answeredAt));
	const seconds = (last - first) / 1000;
	return `${events.length} events in ${seconds.toFixed(1)} s (${(events.length / seconds).toFixed(0)}/s, ${SENDERS} senders)`;
}

describe('Avaya webhook secret rotated during a stream of signed events (real n8n)', () => {
	let session: N8nOwnerSession;

	beforeAll(async () => {
		const signIn = await signInAsOwner(e2e().n8nUrl, DEMO_OWNER);
		if (!signIn.session) throw new Error(`cannot sign in to n8n as ${DEMO_OWNER.email}: ${signIn.status}`);
		session = signIn.session;
	});

	it('n8n first, then the vendor, then Previous cleared: every event answered 200 and run exactly once', async () => {
		const url = webhookUrl(N8N_FIRST.webhookId);
		const secrets = { old: oldSecretOf(N8N_FIRST.credentialId), new: 'rotation-n8n-first-new-secret-example' };
		expect(await executions(N8N_FIRST.workflowId)).toHaveLength(0);
		// Avaya's senders do not all switch at the same instant: half take the new Secret Key at once
		// (while the trigger may still hold the old credential in its cache), half once the cache has
		// certainly been read again (the old secret then verifies only as the previous one).
		const switched = { early: false, late: false };
		const stream = new SignedEventStream({
			url,
			senders: SENDERS,
			intervalMs: SENDER_INTERVAL_MS,
			secrets,
			signerOf: (sender) => ((sender % 2 === 0 ? switched.early : switched.late) ? 'new' : 'old'),
			...STREAM_BOUNDS,
		});

		stream.start();
		await sleep(3000);
		const update = await timed(() => editCredential(session, N8N_FIRST.credentialId, { webhookSecret: secrets.new, previousWebhookSecret: secrets.old }));
		switched.early = true;
		await sleep(CACHE_MS + 2000);
		switched.late = true;
		await stream.drained('old');
		const clear = await timed(() => editCredential(session, N8N_FIRST.credentialId, { previousWebhookSecret: '' }));
		await sleep(17_000 - stream.elapsedMs());
		const events = await stream.stop();

		// The old secret is gone once the cache has read the cleared credential: 401, no run.
		await sleep(clear.doneAt + CACHE_MS + 1000 - Date.now());
		const stale = avayaMessage('agent', 'signed with the retired secret');
		const staleAnswer = await postAvayaEvent(url, stale, { secret: secrets.old });

		const phases = {
			newWhileCacheMayBeStale: events.filter((e) => e.signedWith === 'new' && e.sentAt >= update.doneAt && e.sentAt < update.doneAt + CACHE_MS),
			oldAsPreviousSecret: events.filter((e) => e.signedWith === 'old' && e.sentAt >= update.doneAt + CACHE_MS),
			newAfterClear: events.filter((e) => e.signedWith === 'new' && e.sentAt >= clear.doneAt),
		};
		console.log(
			`rotation, n8n first: ${describeStream(events)}; refused ${events.filter((e) => e.status !== 200).length}; ` +
				`signed with the new secret within the cache lifetime after the update ${phases.newWhileCacheMayBeStale.length}, ` +
				`with the old one as Previous ${phases.oldAsPreviousSecret.length}, with the new one after Previous was cleared ${phases.newAfterClear.length}; ` +
				`credential updates took ${update.doneAt - update.startedAt} and ${clear.doneAt - clear.startedAt} ms`,
		);

		expect(events.filter((event) => !wasAccepted(event))).toEqual([]);
		if (CACHE_MS > 0) expect(phases.newWhileCacheMayBeStale.length).toBeGreaterThan(0);
		expect(phases.oldAsPreviousSecret.length).toBeGreaterThan(0);
		expect(phases.newAfterClear.length).toBeGreaterThan(0);
		expect(staleAnswer.status).toBe(401);

		const runs = await runsPerEventId(N8N_FIRST.workflowId, events.length);
		expect(runs.size).toBe(events.length);
		expect(events.filter((event) => runs.get(event.eventId) !== 1).map((event) => event.eventId)).toEqual([]);
		expect(runs.has(stale.eventId)).toBe(false);

		const scan = await scanForSecrets([N8N_FIRST.workflowId], Object.values(secrets));
		expect(scan.hits).toEqual([]);
	}, 240_000);

	it('the vendor first, n8n right after: events signed with the new secret before n8n has it are refused (401), none after', async () => {
		const url = webhookUrl(VENDOR_FIRST.webhookId);
		const secrets = { old: oldSecretOf(VENDOR_FIRST.credentialId), new: 'rotation-vendor-first-new-secret-example' };
		const operatorGapMs = 2000;
		expect(await executions(VENDOR_FIRST.workflowId)).toHaveLength(0);
		const vendor = { switched: false };
		const stream = new SignedEventStream({
			url,
			senders: SENDERS,
			intervalMs: SENDER_INTERVAL_MS,
			secrets,
			signerOf: () => (vendor.switched ? 'new' : 'old'),
			...STREAM_BOUNDS,
		});

		stream.start();
		await sleep(3000);
		vendor.switched = true;
		await sleep(operatorGapMs);
		const update = await timed(() => editCredential(session, VENDOR_FIRST.credentialId, { webhookSecret: secrets.new, previousWebhookSecret: secrets.old }));
		await sleep(10_000 - stream.elapsedMs());
		const events = await stream.stop();

		const refused = events.filter((event) => event.status === 401);
		const newBeforeUpdate = events.filter((event) => event.signedWith === 'new' && event.sentAt < update.doneAt);
		const afterUpdate = events.filter((event) => event.sentAt >= update.doneAt);
		console.log(
			`rotation, vendor first: ${describeStream(events)}; ${refused.length} refused with 401 (lost: Avaya does not retry 401) ` +
				`of ${newBeforeUpdate.length} signed with the new secret before n8n's update returned ` +
				`(vendor switched ${operatorGapMs} ms before the update began; the update took ${update.doneAt - update.startedAt} ms); ` +
				`${afterUpdate.length} sent after the update, ${afterUpdate.filter(wasAccepted).length} accepted`,
		);

		expect(refused.length).toBeGreaterThan(0);
		expect(refused.filter((event) => event.signedWith !== 'new' || event.sentAt >= update.doneAt)).toEqual([]);
		expect(events.filter((event) => event.status !== 401 && !wasAccepted(event))).toEqual([]);
		expect(afterUpdate.length).toBeGreaterThan(0);
		expect(afterUpdate.filter((event) => !wasAccepted(event))).toEqual([]);

		const accepted = events.filter(wasAccepted);
		const runs = await runsPerEventId(VENDOR_FIRST.workflowId, accepted.length);
		expect(runs.size).toBe(accepted.length);
		expect(accepted.filter((event) => runs.get(event.eventId) !== 1).map((event) => event.eventId)).toEqual([]);
		expect(refused.filter((event) => runs.has(event.eventId)).map((event) => event.eventId)).toEqual([]);

		const scan = await scanForSecrets([VENDOR_FIRST.workflowId], Object.values(secrets));
		expect(scan.hits).toEqual([]);
	}, 240_000);
});

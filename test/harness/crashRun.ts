/**
 * What a crash costs: a bounded stream of signed Avaya events, delivered by the sandbox as Avaya
 * does (retries on 408/429/5xx and on connection failures, exponential backoff), into a workflow
 * that ends by sending one SMS per event; one n8n process is killed with SIGKILL mid-stream and
 * restarted at once, as a supervisor would. Every event is then classified by what the vendor saw
 * (a 2xx or not, how many attempts) and what the end user got (SMS with the event's text).
 */
import type { SandboxClient } from '../../sandbox/client';
import type { DeliveryRecord } from '../../sandbox/recorder';
import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { messageRoute } from '../../sandbox/vendors/avayaEvents';

export interface CrashRunOptions {
	client: SandboxClient;
	/** The trigger's production URL (behind the balancer). */
	url: string;
	/** Tags every event's text, so this run's SMS can be told apart. */
	tag: string;
	events: number;
	concurrency: number;
	killAfterMs: number;
	/** The crash (SIGKILL), then the restart; the time between the kill and "ready again" is measured. */
	crash: () => Promise<void>;
	restart: () => Promise<void>;
	/**
	 * Avaya's retry policy for this run (count and intervals are unknown for the real Avaya); the
	 * per-attempt timeout is the sandbox's `avaya.delivery.timeoutMs`.
	 */
	delivery: { maxAttempts: number; baseDelayMs: number };
	/** How long the SMS count must stay unchanged before counting (runs may finish late after a restart). */
	settleMs?: number;
	/** The event texts that appear in an execution n8n recorded (its database), to tell where a lost event was lost. */
	recordedByN8n(texts: string[]): Promise<Set<string>>;
}

export interface CrashCount {
	events: number;
	/** Events whose delivery got a 2xx at some attempt. */
	acknowledged: number;
	/** Acknowledged (2xx) but no SMS went out: the message is lost and the vendor will not resend it. */
	lost: number;
	/**
	 * Of those, events whose delivery was open at the kill and of which n8n recorded no execution at
	 * all: the process died after the trigger had handed the event to n8n but before n8n created its
	 * execution, so the redelivery counted it as accepted (the replay memory's one window).
	 */
	lostInHandOver: number;
	/** More than one SMS for the event. */
	duplicates: number;
	/**
	 * Of those, events whose first SMS went out while a delivery of theirs was open that n8n never
	 * answered (the vendor gave up on it): the run had sent, but n8n never learned its end (its worker
	 * died, or Redis lost the notice), so the vendor redelivered and the redelivery ran. No replay
	 * memory can tell such a run from one that died before sending.
	 */
	duplicatesUnanswered: number;
	/** The vendor had to retry (first attempt failed) and exactly one SMS went out. */
	retriedThenOnce: number;
	/** Never acknowledged and no SMS: the vendor gave up (retries exhausted or a status it does not retry). */
	droppedByVendor: number;
	/** Exactly one SMS although the vendor never got a 2xx (it gave up; nothing was lost). */
	sentUnacknowledged: number;
	/** Events with a delivery attempt open at the moment of the kill. */
	inFlightAtKill: number;
	/** Kill → the process ready again. */
	restartMs: number;
	/** Statuses of failed attempts, for the report (`null` = connection failed or timed out). */
	failedAttempts: Record<string, number>;
	/**
	 * One line per event lost, duplicated or dropped, for whoever reads a failed run: the attempts
	 * (seconds from the kill, status, seconds taken) and when each SMS went out.
	 */
	anomalies: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const succeeded = (attempt: DeliveryRecord['attempts'][number]) => attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
const acknowledged = (record: DeliveryRecord) => record.attempts.some(succeeded);

interface SmsSent {
	count: number;
	/** When the first one was accepted (ms since epoch). */
	firstAt: number;
	/** When each was accepted (ms since epoch). */
	at: number[];
}

async function smsCounts(client: SandboxClient, tag: string): Promise<Map<string, SmsSent>> {
	const counts = new Map<string, SmsSent>();
	for (const record of await client.accepted({ vendor: 'sms' })) {
		const text = (record.request as { text?: unknown }).text;
		if (typeof text !== 'string' || !text.startsWith(`${tag} `)) continue;
		const at = Date.parse(record.at);
		const seen = counts.get(text);
		counts.set(text, seen ? { count: seen.count + 1, firstAt: Math.min(seen.firstAt, at), at: [...seen.at, at] } : { count: 1, firstAt: at, at: [at] });
	}
	return counts;
}

/** Waits (bounded) until no new SMS has arrived for `quietMs`. */
async function settledSmsCounts(client: SandboxClient, tag: string, quietMs: number, limitMs = 120_000): Promise<Map<string, SmsSent>> {
	const deadline = Date.now() + limitMs;
	let last = -1;
	let quietSince = Date.now();
	for (;;) {
		const counts = await smsCounts(client, tag);
		const total = [...counts.values()].reduce((sum, sent) => sum + sent.count, 0);
		if (total !== last) {
			last = total;
			quietSince = Date.now();
		} else if (Date.now() - quietSince >= quietMs || Date.now() > deadline) {
			return counts;
		}
		await sleep(250);
	}
}

export async function crashRun(options: CrashRunOptions): Promise<CrashCount> {
	const texts = Array.from({ length: options.events }, (_, i) => `${options.tag} #${i + 1}`);
	const records: DeliveryRecord[] = new Array(texts.length);
	// An agent's reply from the business number to one end user, as in the bridge.
	const route = messageRoute('agent', '+14155550123', DEFAULT_AVAYA_TENANT.registeredNumbers[0]);
	let next = 0;
	const sender = async () => {
		while (next < texts.length) {
			const index = next++;
			records[index] = await options.client.avayaEvent({
				senderType: 'agent',
				...route,
				text: texts[index],
				webhookUrl: options.url,
				maxAttempts: options.delivery.maxAttempts,
				baseDelayMs: options.delivery.baseDelayMs,
			});
		}
	};
	let killedAt = Number.NaN;
	const crashThenRestart = async () => {
		await sleep(options.killAfterMs);
		killedAt = Date.now();
		await options.crash();
		await options.restart();
		return Date.now() - killedAt;
	};
	// Settled, not all(): a failed sender must not leave the crash and restart running into the next run.
	const [crashed, ...senders] = await Promise.allSettled([crashThenRestart(), ...Array.from({ length: options.concurrency }, sender)]);
	for (const outcome of [crashed, ...senders]) if (outcome.status === 'rejected') throw outcome.reason;
	const restartMs = (crashed as PromiseFulfilledResult<number>).value;
	const sms = await settledSmsCounts(options.client, options.tag, options.settleMs ?? 8000);

	const count: CrashCount = {
		events: texts.length,
		acknowledged: 0,
		lost: 0,
		lostInHandOver: 0,
		duplicates: 0,
		duplicatesUnanswered: 0,
		retriedThenOnce: 0,
		droppedByVendor: 0,
		sentUnacknowledged: 0,
		inFlightAtKill: 0,
		restartMs,
		failedAttempts: {},
		anomalies: [],
	};
	const fromKill = (ms: number) => `${((ms - killedAt) / 1000).toFixed(1)}s`;
	const lostTexts = texts.filter((text, i) => !sms.has(text) && acknowledged(records[i]));
	const recorded = lostTexts.length > 0 ? await options.recordedByN8n(lostTexts) : new Set<string>();
	texts.forEach((text, i) => {
		const record = records[i];
		const sent = sms.get(text)?.count ?? 0;
		const ack = acknowledged(record);
		for (const attempt of record.attempts) {
			if (succeeded(attempt)) continue;
			const key = String(attempt.status);
			count.failedAttempts[key] = (count.failedAttempts[key] ?? 0) + 1;
		}
		const openAtKill = record.attempts.some((attempt) => {
			const started = Date.parse(attempt.at);
			return started <= killedAt && killedAt <= started + attempt.ms;
		});
		if (openAtKill) count.inFlightAtKill++;
		if (ack) count.acknowledged++;
		if (ack && sent === 0) count.lost++;
		if (ack && sent === 0 && openAtKill && !recorded.has(text)) count.lostInHandOver++;
		if (sent > 1) count.duplicates++;
		const firstAt = sms.get(text)?.firstAt ?? Number.NaN;
		const sentUnanswered = record.attempts.some((attempt) => attempt.status === null && Date.parse(attempt.at) <= firstAt && firstAt <= Date.parse(attempt.at) + attempt.ms);
		if (sent > 1 && sentUnanswered) count.duplicatesUnanswered++;
		if (sent === 1 && record.attempts.length > 1) count.retriedThenOnce++;
		if (!ack && sent === 0) count.droppedByVendor++;
		if (!ack && sent === 1) count.sentUnacknowledged++;
		const kind = ack && sent === 0 ? 'lost' : sent > 1 ? 'duplicate' : !ack && sent === 0 ? 'dropped' : undefined;
		if (kind) {
			const attempts = record.attempts.map((attempt) => `${fromKill(Date.parse(attempt.at))} ${attempt.status ?? 'no answer'} (${(attempt.ms / 1000).toFixed(1)}s)`);
			const sentAt = (sms.get(text)?.at ?? []).map(fromKill);
			count.anomalies.push(`${kind} "${text}": attempts ${attempts.join(', ')}; SMS at ${sentAt.join(', ') || '—'}`);
		}
	});
	return count;
}

/**
 * Crash safety, measured: while signed Avaya events stream in (400, 10 at a time), one n8n
 * process is killed with SIGKILL 4 s in and restarted at once; the sandbox retries as Avaya does.
 * Each scenario counts the events acknowledged but never sent (lost), sent twice (duplicates),
 * and retried then sent once. Target: none lost and none duplicated in queue mode with "Answer When
 * Workflow Finished", where every miss must be one of the windows the README names (checked per
 * event); the other combinations are measured and reported as they are (.e2e/crash/report.md, and
 * the README's reliability section).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startCrashBed, type CrashBed } from '../harness/crashBed';
import { crashRun, type CrashCount } from '../harness/crashRun';
import type { TestBedMode } from '../harness/e2eContextFile';
import { isQueueMode, type QueueModeN8n } from '../harness/n8nQueueMode';
import { E2E_DIR } from '../harness/paths';

jest.setTimeout(15 * 60_000);

const STREAM = { events: 400, concurrency: 10, killAfterMs: 4000 };
/** Up to 8 attempts, 0.5 s doubling: the last retry comes ~64 s after the first attempt. */
const AVAYA_RETRIES = { maxAttempts: 8, baseDelayMs: 500 };
const REDIS_DOWN_MS = 5000;

type Answer = 'on acceptance' | 'when finished';
const WEBHOOK_IDS: Record<Answer, string> = { 'on acceptance': 'crash-on-acceptance', 'when finished': 'crash-when-finished' };

interface Scenario {
	killed: string;
	answer: Answer;
	crash(bed: CrashBed): Promise<void>;
	restart(bed: CrashBed): Promise<void>;
}

const queue = (bed: CrashBed): QueueModeN8n => {
	if (!isQueueMode(bed.n8n)) throw new Error('queue mode expected');
	return bed.n8n;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const killWorker = (answer: Answer): Scenario => ({
	killed: 'the worker',
	answer,
	crash: (bed) => queue(bed).workers[0].crash(),
	restart: (bed) => queue(bed).workers[0].restart(),
});
const killWebhookProcess = (answer: Answer): Scenario => ({
	killed: 'a webhook process',
	answer,
	crash: (bed) => queue(bed).webhooks[0].crash(),
	restart: (bed) => queue(bed).webhooks[0].restart(),
});
const stopRedis = (answer: Answer): Scenario => ({
	killed: `Redis (stopped ${REDIS_DOWN_MS / 1000} s)`,
	answer,
	crash: (bed) => queue(bed).redis.stop(),
	restart: async (bed) => {
		await sleep(REDIS_DOWN_MS);
		await queue(bed).redis.start();
	},
});
const killN8n = (answer: Answer): Scenario => ({
	killed: 'n8n',
	answer,
	crash: (bed) => bed.n8n.main.crash(),
	restart: (bed) => bed.n8n.main.restart(),
});

const SCENARIOS: Record<TestBedMode, Scenario[]> = {
	queue: [
		killWorker('when finished'),
		killWebhookProcess('when finished'),
		stopRedis('when finished'),
		stopRedis('on acceptance'),
		killWorker('on acceptance'),
		killWebhookProcess('on acceptance'),
	],
	single: [killN8n('when finished'), killN8n('on acceptance')],
};

const report: Array<{ mode: TestBedMode; scenario: Scenario; count: CrashCount }> = [];

function reportTable(): string {
	const header =
		'| mode | killed | trigger answers | events | acknowledged (2xx) | lost (2xx, no SMS) | of which in the hand-over at the kill | duplicates (2+ SMS) | of which sent during a delivery n8n never answered | retried, then 1 SMS | dropped by the vendor (no 2xx, no SMS) | 1 SMS, never acknowledged | in flight at the kill | kill → ready again | failed attempts (status: count) |\n' +
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |';
	const rows = report.map(({ mode, scenario, count }) =>
		[
			mode === 'queue' ? 'queue (main, 2 webhook processes, 1 worker)' : 'single process',
			scenario.killed,
			scenario.answer,
			count.events,
			count.acknowledged,
			count.lost,
			count.lostInHandOver,
			count.duplicates,
			count.duplicatesUnanswered,
			count.retriedThenOnce,
			count.droppedByVendor,
			count.sentUnacknowledged,
			count.inFlightAtKill,
			`${(count.restartMs / 1000).toFixed(1)} s`,
			Object.entries(count.failedAttempts)
				.map(([status, n]) => `${status === 'null' ? 'no answer' : status}: ${n}`)
				.join(', ') || '—',
		].join(' | '),
	);
	return [header, ...rows.map((row) => `| ${row} |`)].join('\n');
}

afterAll(() => {
	const file = path.join(E2E_DIR, 'crash', 'report.md');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${reportTable()}\n`);
	process.stderr.write(`\n[crash] ${file}\n${reportTable()}\n`);
});

describe.each<TestBedMode>(['queue', 'single'])('crash safety in %s mode', (mode) => {
	let bed: CrashBed;
	beforeAll(async () => {
		bed = await startCrashBed(mode);
	});
	afterAll(async () => {
		await bed?.stop();
	});

	it.each(SCENARIOS[mode].map((scenario) => [`${scenario.killed}, trigger answering ${scenario.answer}`, scenario] as const))(
		'%s: every event is accounted for',
		async (_, scenario) => {
			const count = await crashRun({
				client: bed.client,
				url: bed.triggerUrl(WEBHOOK_IDS[scenario.answer]),
				tag: `${mode}/${scenario.killed}/${scenario.answer}`,
				...STREAM,
				crash: () => scenario.crash(bed),
				restart: () => scenario.restart(bed),
				delivery: AVAYA_RETRIES,
				recordedByN8n: (texts) => bed.recordedByN8n(texts),
			});
			report.push({ mode, scenario, count });
			const { anomalies, ...counts } = count;
			process.stderr.write(
				`[crash] ${mode}, killed ${scenario.killed}, answering ${scenario.answer}: ${JSON.stringify(counts)}\n${anomalies.map((line) => `[crash]   ${line}\n`).join('')}`,
			);

			// The crash hit the stream: deliveries were open when the process went down.
			expect(count.inFlightAtKill).toBeGreaterThan(0);
			if (mode === 'queue' && scenario.answer === 'when finished') {
				expect(count.droppedByVendor).toBe(0);
				if (scenario.killed === 'a webhook process') {
					// The replay memory's one window: killed after handing an event to n8n, before n8n created
					// its execution; the redelivery counts it accepted. Nothing else may be lost.
					expect(count.lost).toBe(count.lostInHandOver);
					expect(count.duplicates).toBe(0);
				} else {
					expect(count.lost).toBe(0);
					// The window left: a run that had sent its SMS when the worker died, or whose end n8n
					// never learned while Redis was down; n8n never answered, and the vendor's redelivery ran.
					expect(count.duplicates).toBe(count.duplicatesUnanswered);
				}
			}
			// Answering on acceptance, an event n8n fails to queue after its 200 is lost (measured), but
			// with Redis stopped the replay memory still lets no event run twice.
			if (mode === 'queue' && scenario.answer === 'on acceptance' && scenario.killed.startsWith('Redis')) expect(count.duplicates).toBe(0);
		},
	);
});

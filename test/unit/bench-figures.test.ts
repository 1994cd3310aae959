import { spawn } from 'node:child_process';

import { timedLoad } from '../../bench/contenders/rawLoad';
import { cpuTicksOfStat, readCpuTimes, reapedChildTicksOfStat } from '../../bench/lib/cpu';
import { storedTimeMs } from '../../bench/lib/executionWindow';
import { perRoundRatios, ratioSpread } from '../../bench/lib/ratios';
import { formatRatio, renderTable } from '../../bench/lib/report';
import { sendRows } from '../../bench/lib/sendRounds';
import { deliveredNotification, signedWebexRequest } from '../../bench/lib/webexEvents';
import { HUB_SIGNATURE_SCHEMES } from '../../nodes/WebexConnect/contract';
import { classifyNotification, FINAL_STATUSES } from '../../nodes/WebexConnect/trigger/notification';
import { verify } from '../../nodes/shared/signature';
import { DEFAULT_WEBEX_SERVICE } from '../../sandbox/vendors/webexConfig';

// A /proc stat line whose command name holds a space and a closing parenthesis; fields 14-17 are 250, 40, 7, 3.
const STAT = '4242 (n8n (main) x) S 1 4242 4242 0 -1 4194560 9000 0 0 0 250 40 7 3 20 0 12 0 100 900000000 50000';

test('CPU ticks are read from fields 14-17 of a /proc stat line, whatever the command name holds', () => {
	expect(cpuTicksOfStat(STAT)).toBe(290);
	expect(reapedChildTicksOfStat(STAT)).toBe(10);
	expect(() => cpuTicksOfStat('4242 (n8n) S 1')).toThrow('not a /proc stat line');
});

test("a busy main thread shows in this process's main-thread CPU time", () => {
	const before = readCpuTimes(process.pid);
	// Spin for 300 ms of this process's own CPU time (not wall time: the machine may be shared).
	const start = process.cpuUsage();
	let spins = 0;
	while (process.cpuUsage(start).user < 300_000) spins++;
	const after = readCpuTimes(process.pid);
	expect(spins).toBeGreaterThan(0);
	// Measured in 10 ms ticks; other threads of this process may take some of the CPU time counted above.
	expect(after.mainThreadMs - before.mainThreadMs).toBeGreaterThanOrEqual(200);
	expect(after.withChildrenMs - before.withChildrenMs).toBeGreaterThanOrEqual(after.mainThreadMs - before.mainThreadMs);
});

test('the CPU of a child process counts in the whole figure, not in the main thread', async () => {
	const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 400; while (Date.now() < end);']);
	const before = readCpuTimes(process.pid);
	await new Promise((resolve) => child.once('exit', resolve));
	const after = readCpuTimes(process.pid);
	expect((after.withChildrenMs - before.withChildrenMs) - (after.mainThreadMs - before.mainThreadMs)).toBeGreaterThanOrEqual(150);
});

test("n8n's SQLite timestamps (UTC text without a zone) and ISO strings read as the same instant", () => {
	const instant = Date.UTC(2026, 10, 23, 12, 0, 1, 234);
	expect(storedTimeMs('2026-11-23 12:00:01.234')).toBe(instant);
	expect(storedTimeMs('2026-11-23T12:00:01.234Z')).toBe(instant);
	expect(storedTimeMs('2026-11-23T14:00:01.234+02:00')).toBe(instant);
	expect(storedTimeMs(instant)).toBe(instant);
	expect(storedTimeMs(null)).toBeNaN();
});

test('ratios of alternated rounds pair each round with itself; the median and the min-max come from those', () => {
	const ours = [100, 90, 120, 80];
	const f1 = [110, 100, 100, 100];
	expect(perRoundRatios(ours, f1)).toEqual([100 / 110, 0.9, 1.2, 0.8]);
	const spread = ratioSpread(ours, f1);
	expect(spread.min).toBe(0.8);
	expect(spread.max).toBe(1.2);
	expect(spread.median).toBeCloseTo((100 / 110 + 0.9) / 2, 10);
	expect(() => perRoundRatios([1, 2], [1])).toThrow('rounds differ');
});

test('a ratio is printed with its spread, and a row that misses its target is marked', () => {
	expect(formatRatio(0.934, { min: 0.881, max: 1.012 })).toBe('0.93× (0.88–1.01)');
	expect(formatRatio(1.5)).toBe('1.50×');
	expect(formatRatio(Number.NaN)).toBe('n/a');
	const table = renderTable([
		{ measure: 'msg/s, ours vs F1', ours: '100 msg/s', baseline: '110 msg/s (F1)', ratio: 0.91, spread: { min: 0.85, max: 0.97 }, target: '≥ 0.95×', met: false },
	]);
	expect(table.split('\n')[2]).toBe('| msg/s, ours vs F1 | 100 msg/s | 110 msg/s (F1) | 0.91× (0.85–0.97) | ≥ 0.95× | **no** |');
});

test('send rows: the node row is the median of the per-pair ratios with their min-max, and below 0.90× it is a miss', () => {
	const [node, whole] = sendRows({ node: [700, 900, 500], whole: [600, 800, 450], raw: [1000, 1000, 1000] }, { node: 'node', whole: 'whole' });
	expect(node.ratio).toBeCloseTo(0.7, 10);
	expect(node.spread).toMatchObject({ min: 0.5, max: 0.9 });
	expect(node.met).toBe(false);
	expect(node.ours).toBe('700 items/s');
	expect(whole.ratio).toBeCloseTo(0.6, 10);
	expect(whole.met).toBe(true);
	const [passing] = sendRows({ node: [950, 920], whole: [1, 1], raw: [1000, 1000] }, { node: 'node', whole: 'whole' });
	expect(passing.met).toBe(true);
	expect(passing.target).toBe('≥ 0.90×');
	const [justBelow] = sendRows({ node: [890, 880], whole: [1, 1], raw: [1000, 1000] }, { node: 'node', whole: 'whole' });
	expect(justBelow.met).toBe(false);
});

test('a raw load counts the units the vendor accepted, not the requests it made', async () => {
	const result = await timedLoad({ count: 3, concurrency: 2, timeLimitMs: 10_000 }, 2500, async () => undefined, async (index) => (index === 2 ? 400 : 1000));
	expect(result.sent).toBe(2400);
	expect(result.failed).toBe(100);
	expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
});

test("the bench's Webex notifications carry a valid hub signature and each is one Delivered run of its own transid", () => {
	const first = signedWebexRequest(deliveredNotification('answer-0-1'));
	const second = signedWebexRequest(deliveredNotification('answer-0-2'));
	const scheme = HUB_SIGNATURE_SCHEMES[DEFAULT_WEBEX_SERVICE.hubAlgorithm];
	expect(verify(scheme, DEFAULT_WEBEX_SERVICE.hubSecret, first.headers[scheme.header], Buffer.from(first.body))).toBe('valid');
	expect(verify(scheme, 'another-hub-secret', first.headers[scheme.header], Buffer.from(first.body))).toBe('invalid');
	const runs = [first, second].map((request) => classifyNotification(JSON.parse(request.body), FINAL_STATUSES));
	const ids = runs.map((run) => (run.kind === 'events' ? run.events.map((event) => event.id) : []));
	expect(ids.map((list) => list.length)).toEqual([1, 1]);
	expect(ids[0][0]).not.toBe(ids[1][0]);
	expect(ids[0][0]).toMatch(/\|Delivered$/);
	expect(runs[0].kind === 'events' && runs[0].events[0].json.callbackData).toBe('answer-0-1');
});

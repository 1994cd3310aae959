import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

import { ClaimSettlement, HANG_UP_HOLD_ENV, ReplayGuard, hangUpHoldMs, type ClaimResult, type FreshClaim } from '../../nodes/shared/replayGuard';

function freshClaim(result: ClaimResult): FreshClaim {
	if (result.busy) throw new Error('expected a fresh claim, got busy');
	return result;
}

/** A response as the trigger sees it: its status, and whether n8n has written (ended) it. */
function response(statusCode: number) {
	return Object.assign(new EventEmitter(), { statusCode, writableFinished: false, writableEnded: false }) as unknown as ServerResponse &
		EventEmitter & { writableEnded: boolean };
}

/** The vendor hangs up before n8n has answered. */
function hangUp(res: ReturnType<typeof response>) {
	res.emit('close');
}

/** n8n writes its answer on a connection the vendor already closed: no 'finish' follows. */
function answerAfterHangUp(res: ReturnType<typeof response>, statusCode: number) {
	res.statusCode = statusCode;
	res.writableEnded = true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('an id is remembered only once its 2xx answer has gone out', () => {
	const guard = new ReplayGuard();
	expect(guard.begin('e0')).toBe(true);
	expect(guard.begin('e0')).toBe(false);
	const res = response(200);
	freshClaim(guard.claimNow(['e1'], res));
	expect(guard.state('e1')).toBe('pending');
	res.emit('finish');
	expect(guard.state('e1')).toBe('accepted');
});

test('a failed hand-over (5xx) forgets the id so the redelivery is processed', () => {
	const guard = new ReplayGuard();
	const res = response(500);
	freshClaim(guard.claimNow(['e2'], res));
	res.emit('finish');
	expect(guard.state('e2')).toBe('new');
});

test('a connection closed before the events were handed to n8n forgets the id, and the events are not handed', async () => {
	const guard = new ReplayGuard();
	const res = response(200);
	const claim = freshClaim(guard.claimNow(['e3'], res));
	hangUp(res);
	expect(guard.state('e3')).toBe('new');
	expect(await guard.markHanded(claim)).toBe(false);
});

test('a connection closed once the events were handed: n8n still runs them, so its late answer decides, and meanwhile a redelivery is busy', async () => {
	const guard = new ReplayGuard();
	const slow = response(200);
	expect(await guard.markHanded(freshClaim(guard.claimNow(['run-ok'], slow)))).toBe(true);
	const failing = response(200);
	expect(await guard.markHanded(freshClaim(guard.claimNow(['run-failed'], failing)))).toBe(true);
	hangUp(slow);
	hangUp(failing);
	await sleep(300);
	expect(guard.claimNow(['run-ok'], response(200))).toEqual({ busy: true });
	expect(guard.state('run-failed')).toBe('pending');

	answerAfterHangUp(slow, 200);
	answerAfterHangUp(failing, 500);
	await sleep(300);
	expect(guard.state('run-ok')).toBe('accepted');
	expect(guard.state('run-failed')).toBe('new');
});

test('a settlement waiting for n8n\'s answer after a hang-up gives up after its limit and releases the claims', async () => {
	const settled: boolean[] = [];
	const res = response(200);
	const settlement = new ClaimSettlement(res, (accepted) => settled.push(accepted), 400);
	expect(settlement.beginHandOver()).toBe(true);
	hangUp(res);
	await sleep(250);
	expect(settled).toEqual([]);
	await sleep(500);
	expect(settled).toEqual([false]);
	answerAfterHangUp(res, 200);
	await sleep(300);
	expect(settled).toEqual([false]);
});

test('the hold after a hang-up: 30 s by default, or the seconds the operator set (0 releases at once)', () => {
	expect(hangUpHoldMs({})).toBe(30_000);
	expect(hangUpHoldMs({ [HANG_UP_HOLD_ENV]: '90' })).toBe(90_000);
	expect(hangUpHoldMs({ [HANG_UP_HOLD_ENV]: '0' })).toBe(0);
	expect(hangUpHoldMs({ [HANG_UP_HOLD_ENV]: 'soon' })).toBe(30_000);
	expect(hangUpHoldMs({ [HANG_UP_HOLD_ENV]: '-5' })).toBe(30_000);
});

test('memory is bounded: the oldest ids are dropped first', () => {
	const guard = new ReplayGuard({ maxEntries: 3, ttlMs: 60_000 });
	for (const id of ['a', 'b', 'c', 'd']) guard.accept(id);
	expect(guard.size).toBe(3);
	expect(guard.state('a')).toBe('new');
	expect(guard.state('d')).toBe('accepted');
});

test('ids expire after the time limit', () => {
	const guard = new ReplayGuard({ maxEntries: 10, ttlMs: 1000 });
	guard.accept('x', 0);
	expect(guard.state('x', 500)).toBe('accepted');
	expect(guard.state('x', 1501)).toBe('new');
});

test('claim: fresh ids become pending, accepted ones are left out, and a pending one makes the delivery busy', () => {
	const guard = new ReplayGuard();
	guard.accept('old');
	const first = response(200);
	expect(guard.claimNow(['old', 'new'], first)).toMatchObject({ busy: false, fresh: ['new'] });
	expect(guard.claimNow(['new'], response(200))).toEqual({ busy: true });
	first.emit('finish');
	expect(guard.state('new')).toBe('accepted');
	expect(guard.claimNow(['old', 'new'], response(200))).toMatchObject({ busy: false, fresh: [] });
});

test('markHanded: true for the delivery that holds the claims, false once they were released and claimed again', async () => {
	const guard = new ReplayGuard();
	expect(await guard.markHanded(freshClaim(guard.claimNow(['h1', 'h2'], response(200))))).toBe(true);

	const closed = response(200);
	const lost = freshClaim(guard.claimNow(['h3'], closed));
	hangUp(closed);
	const redelivery = freshClaim(guard.claimNow(['h3'], response(200)));
	expect(redelivery.fresh).toEqual(['h3']);
	expect(await guard.markHanded(lost)).toBe(false);
	expect(await guard.markHanded(redelivery)).toBe(true);
});

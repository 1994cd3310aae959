import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

import { ReplayGuard, type ClaimResult, type FreshClaim } from '../../nodes/shared/replayGuard';

function freshClaim(result: ClaimResult): FreshClaim {
	if (result.busy) throw new Error('expected a fresh claim, got busy');
	return result;
}

function response(statusCode: number) {
	return Object.assign(new EventEmitter(), { statusCode, writableFinished: false }) as unknown as ServerResponse & EventEmitter;
}

test('an id is remembered only once its 2xx answer has gone out', () => {
	const guard = new ReplayGuard();
	expect(guard.begin('e1')).toBe(true);
	expect(guard.state('e1')).toBe('pending');
	expect(guard.begin('e1')).toBe(false);
	const res = response(200);
	guard.settleWith(res, 'e1');
	res.emit('finish');
	expect(guard.state('e1')).toBe('accepted');
});

test('a failed hand-over (5xx) forgets the id so the redelivery is processed', () => {
	const guard = new ReplayGuard();
	guard.begin('e2');
	const res = response(500);
	guard.settleWith(res, 'e2');
	res.emit('finish');
	expect(guard.state('e2')).toBe('new');
});

test('a connection closed before the answer forgets the id', () => {
	const guard = new ReplayGuard();
	guard.begin('e3');
	const res = response(200);
	guard.settleWith(res, 'e3');
	res.emit('close');
	expect(guard.state('e3')).toBe('new');
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
	closed.emit('close');
	const redelivery = freshClaim(guard.claimNow(['h3'], response(200)));
	expect(redelivery.fresh).toEqual(['h3']);
	expect(await guard.markHanded(lost)).toBe(false);
	expect(await guard.markHanded(redelivery)).toBe(true);
});

/** The sandbox's scheduler: waits end on time or when woken, and closing the sandbox cancels every pending one through a single abort listener. */
import { getEventListeners } from 'node:events';

import { Scheduler, SchedulerClosedError } from '../../sandbox/scheduler';

describe('sandbox scheduler', () => {
	it('a sleep resolves after its time; a woken wait resolves early', async () => {
		const scheduler = new Scheduler();
		const started = Date.now();
		await scheduler.sleep(30);
		expect(Date.now() - started).toBeGreaterThanOrEqual(25);
		const { done, wake } = scheduler.wakeableSleep(60_000);
		wake();
		await expect(done).resolves.toBeUndefined();
		scheduler.close();
	});

	it('ten thousand pending waits share one abort listener, and closing rejects every one of them', async () => {
		const scheduler = new Scheduler();
		const listenersBefore = getEventListeners(scheduler.signal, 'abort').length;
		const waits = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? scheduler.sleep(3_600_000) : scheduler.wakeableSleep(3_600_000).done));
		expect(getEventListeners(scheduler.signal, 'abort').length).toBe(listenersBefore);
		scheduler.close();
		const outcomes = await Promise.allSettled(waits);
		expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof SchedulerClosedError)).toBe(true);
		await expect(scheduler.sleep(10)).rejects.toBeInstanceOf(SchedulerClosedError);
	});

	it('a task scheduled later runs after its delay, and not at all once the sandbox closed', async () => {
		const scheduler = new Scheduler();
		const ran: string[] = [];
		scheduler.later(10, async () => void ran.push('soon'));
		scheduler.later(3_600_000, async () => void ran.push('never'));
		await new Promise((resolve) => setTimeout(resolve, 50));
		scheduler.close();
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(ran).toEqual(['soon']);
	});
});

export class SchedulerClosedError extends Error {}

/**
 * Timers and outbound requests the sandbox starts on its own (retries, auto-replies), so that
 * close() can stop all of them at once.
 */
export class Scheduler {
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly controller = new AbortController();

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	get closed(): boolean {
		return this.controller.signal.aborted;
	}

	/** Resolves after `ms`; rejects with SchedulerClosedError if the sandbox closes first. */
	sleep(ms: number): Promise<void> {
		if (this.closed) return Promise.reject(new SchedulerClosedError('sandbox closed'));
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const onAbort = () => {
				clearTimeout(timer);
				this.timers.delete(timer);
				reject(new SchedulerClosedError('sandbox closed'));
			};
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				this.signal.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			this.timers.add(timer);
			this.signal.addEventListener('abort', onAbort, { once: true });
		});
	}

	/**
	 * Like sleep(), but `wake()` ends the wait early (and clears its timer): a long poll that
	 * answers when an event arrives or when its time is up.
	 */
	wakeableSleep(ms: number): { done: Promise<void>; wake: () => void } {
		let wake: () => void = () => undefined;
		const done = new Promise<void>((resolve, reject) => {
			if (this.closed) return reject(new SchedulerClosedError('sandbox closed'));
			const finish = (error?: Error) => {
				clearTimeout(timer);
				this.timers.delete(timer);
				this.signal.removeEventListener('abort', onAbort);
				if (error) reject(error);
				else resolve();
			};
			const onAbort = () => finish(new SchedulerClosedError('sandbox closed'));
			const timer = setTimeout(() => finish(), ms);
			this.timers.add(timer);
			this.signal.addEventListener('abort', onAbort, { once: true });
			wake = () => finish();
		});
		return { done, wake: () => wake() };
	}

	/** Runs `task` after `ms` in the background; its failure is logged, never thrown. */
	later(ms: number, task: () => Promise<unknown>): void {
		this.sleep(ms)
			.then(task)
			.catch((error: unknown) => {
				if (!(error instanceof SchedulerClosedError)) console.error('[sandbox] background task failed:', error);
			});
	}

	close(): void {
		this.controller.abort();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}

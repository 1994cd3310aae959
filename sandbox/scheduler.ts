export class SchedulerClosedError extends Error {}

/**
 * Timers and outbound requests the sandbox starts on its own (retries, auto-replies, delivery
 * reports), so that close() can stop all of them at once. Pending waits are cancelled by one abort
 * listener for all of them: adding a listener per wait costs time in proportion to the listeners
 * already there, which made a 10 000-recipient send slow down the sandbox as its reports waited.
 */
export class Scheduler {
	private readonly timers = new Set<NodeJS.Timeout>();
	/** How to cancel each pending wait when the sandbox closes. */
	private readonly cancels = new Set<() => void>();
	private readonly controller = new AbortController();

	constructor() {
		this.controller.signal.addEventListener(
			'abort',
			() => {
				for (const cancel of [...this.cancels]) cancel();
				this.cancels.clear();
			},
			{ once: true },
		);
	}

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
		return this.wakeableSleep(ms).done;
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
				this.cancels.delete(cancel);
				if (error) reject(error);
				else resolve();
			};
			const cancel = () => finish(new SchedulerClosedError('sandbox closed'));
			const timer = setTimeout(() => finish(), ms);
			this.timers.add(timer);
			this.cancels.add(cancel);
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

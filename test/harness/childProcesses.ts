import type { ChildProcess } from 'node:child_process';

export function exited(child: ChildProcess): boolean {
	return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Stops a process we started detached (its own process group): `signal`, then SIGKILL to the whole
 * group after `graceMs` (n8n stops its task runner child itself when it stops in time).
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
	if (exited(child) || child.pid === undefined) return;
	const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill(signal);
	let timer: NodeJS.Timeout | undefined;
	const stoppedInTime = await Promise.race([
		done.then(() => true),
		new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
	]);
	clearTimeout(timer);
	if (!stoppedInTime) {
		killGroup(child, 'SIGKILL');
		await done;
	}
}

/** Sends `signal` to the process group of a child started detached (it and everything it started). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

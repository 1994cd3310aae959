import * as fs from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holderIsAlive(lockFile: string): boolean {
	try {
		const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
		if (!Number.isInteger(pid) || pid <= 0) return false;
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Runs `work` while holding `lockFile` (created exclusively, holding our pid). Another process
 * waits until the file is gone; a lock left by a dead process is taken over.
 */
export async function withFileLock<T>(lockFile: string, onWait: () => void, work: () => Promise<T>): Promise<T> {
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			if (!holderIsAlive(lockFile)) {
				fs.rmSync(lockFile, { force: true });
				continue;
			}
			if (!announced) onWait();
			announced = true;
			await sleep(1000);
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lockFile, { force: true });
	}
}

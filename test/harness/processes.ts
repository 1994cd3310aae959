import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Run as this user and group (the harness runs PostgreSQL's tools as an unprivileged user when it is root). */
	uid?: number;
	gid?: number;
}

/** The last `lines` lines of a text file (for error messages). */
export function tailOfFile(file: string, lines = 40): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/**
 * Runs a command with stdout and stderr appended to `logFile` (never a pipe: an n8n CLI process
 * whose pipe closes early spins forever, recipe gotcha 3). Rejects with the log's tail on failure.
 */
export function runLogged(
	command: string,
	args: string[],
	logFile: string,
	options: RunOptions,
): Promise<void> {
	const fd = fs.openSync(logFile, 'a');
	fs.writeSync(fd, `\n$ ${[command, ...args].join(' ')}\n`);
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		uid: options.uid,
		gid: options.gid,
		stdio: ['ignore', fd, fd],
	});
	fs.closeSync(fd);
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			if (code === 0) resolve();
			else
				reject(
					new Error(
						`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); log ${logFile}:\n${tailOfFile(logFile)}`,
					),
				);
		});
	});
}

/**
 * Runs a command whose output we read to the end (npm): every line goes to `onLine` and the
 * collected output comes back. Rejects (with the output) on a non-zero exit.
 */
export function runCollecting(
	command: string,
	args: string[],
	options: RunOptions & { onLine?: (line: string) => void },
): Promise<string> {
	const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	let partial = '';
	const take = (chunk: Buffer) => {
		const text = chunk.toString('utf8');
		output += text;
		const lines = (partial + text).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) if (line.trim()) options.onLine?.(line);
	};
	child.stdout.on('data', take);
	child.stderr.on('data', take);
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code, signal) => {
			if (partial.trim()) options.onLine?.(partial);
			if (code === 0) resolve(output);
			else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
		});
	});
}

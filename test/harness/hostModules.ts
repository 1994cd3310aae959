import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';

import { selectedN8nHost } from './n8nHost';
import { ensureNodeRuntime } from './nodeRuntime';

/** An open database of the SQLite worker (see sqliteWorker.js). */
export interface SqliteDatabase {
	handle: number;
}

interface FlattedModule {
	parse(text: string): unknown;
}

/** n8n's own flatted (installed with the selected n8n host; not a dependency of this repo). */
export function flatted(): FlattedModule {
	return createRequire(path.join(selectedN8nHost().dir, 'package.json'))('flatted') as FlattedModule;
}

interface WorkerReply {
	id: number;
	result?: unknown;
	error?: string;
}

interface Worker {
	child: ChildProcess;
	pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

let worker: Promise<Worker> | undefined;
let nextRequest = 1;

/** The channel keeps this process alive only while a request waits for its answer. */
function holdOpen({ child, pending }: Worker): void {
	const channel = child.channel as { ref(): void; unref(): void } | undefined;
	if (pending.size > 0) channel?.ref();
	else channel?.unref();
}

async function startWorker(): Promise<Worker> {
	const runtime = await ensureNodeRuntime();
	const child = fork(path.join(__dirname, 'sqliteWorker.js'), [selectedN8nHost().dir], {
		execPath: runtime.bin,
		execArgv: [],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	child.unref();
	const state: Worker = { child, pending: new Map() };
	const failAll = (error: Error) => {
		for (const { reject } of state.pending.values()) reject(error);
		state.pending.clear();
		worker = undefined;
	};
	child.on('message', (reply: WorkerReply) => {
		const waiting = state.pending.get(reply.id);
		if (!waiting) return;
		state.pending.delete(reply.id);
		holdOpen(state);
		if (reply.error !== undefined) waiting.reject(new Error(reply.error));
		else waiting.resolve(reply.result);
	});
	child.once('exit', (code, signal) => failAll(new Error(`the SQLite worker exited (${signal ?? `exit ${code}`})`)));
	child.once('error', failAll);
	holdOpen(state);
	return state;
}

/**
 * Runs one operation on n8n's SQLite database, in a worker on the Node that runs n8n (n8n's
 * sqlite3 is built for that Node; see sqliteWorker.js).
 */
async function call(request: Record<string, unknown>): Promise<unknown> {
	worker ??= startWorker();
	const state = await worker;
	const id = nextRequest++;
	return new Promise((resolve, reject) => {
		state.pending.set(id, { resolve, reject });
		holdOpen(state);
		state.child.send({ ...request, id });
	});
}

export async function openDatabase(file: string, mode: 'readonly' | 'readwrite'): Promise<SqliteDatabase> {
	return { handle: (await call({ op: 'open', file, mode })) as number };
}

export async function queryAll<Row>(db: SqliteDatabase, sql: string, params: unknown[] = []): Promise<Row[]> {
	return (await call({ op: 'all', handle: db.handle, sql, params })) as Row[];
}

/** Runs a statement; resolves with the number of changed rows. */
export async function execute(db: SqliteDatabase, sql: string, params: unknown[] = []): Promise<number> {
	return (await call({ op: 'run', handle: db.handle, sql, params })) as number;
}

export async function closeDatabase(db: SqliteDatabase): Promise<void> {
	await call({ op: 'close', handle: db.handle });
}

/**
 * The executions of one workflow after a mark (its highest execution id before a round), read
 * from n8n's database (SQLite, or PostgreSQL in queue mode) without parsing run data: how many there are, how many finished or
 * failed, and when the last one stopped by n8n's own clock.
 */
import { withN8nDatabase } from '../../test/harness/n8nDatabase';
import { sleep } from './load';

export interface ExecutionWindow {
	total: number;
	finished: number;
	failed: number;
	/** When the last of them stopped (ms since epoch); NaN while none has. */
	lastStoppedMs: number;
}

const FINISHED = ['success', 'error', 'crashed', 'canceled'];
const FAILED = ['error', 'crashed', 'canceled'];

/**
 * A stored timestamp as ms since epoch. SQLite keeps n8n's dates as UTC text without a zone
 * (`2026-11-23 12:00:00.123`); an ISO string with a zone or a number of ms is taken as it is.
 */
export function storedTimeMs(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string' || value === '') return Number.NaN;
	const iso = value.replace(' ', 'T');
	return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

async function query<Row>(userFolder: string, sql: string, params: unknown[]): Promise<Row[]> {
	return withN8nDatabase(userFolder, (db) => db.all<Row>(sql, params));
}

/** The highest execution id of the workflow so far (0 when it has none). */
export async function lastExecutionId(userFolder: string, workflowId: string): Promise<number> {
	const rows = await query<{ id: number | null }>(userFolder, 'SELECT MAX(CAST(id AS INTEGER)) AS id FROM execution_entity WHERE "workflowId" = ?', [workflowId]);
	return rows[0]?.id ?? 0;
}

export async function executionWindow(userFolder: string, workflowId: string, afterId: number): Promise<ExecutionWindow> {
	const rows = await query<{ status: string; n: number; lastStopped: unknown }>(
		userFolder,
		'SELECT status, COUNT(*) AS n, MAX("stoppedAt") AS "lastStopped" FROM execution_entity WHERE "workflowId" = ? AND CAST(id AS INTEGER) > ? GROUP BY status',
		[workflowId, afterId],
	);
	const count = (statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row.n, 0);
	const stopped = rows.filter((row) => FINISHED.includes(row.status)).map((row) => storedTimeMs(row.lastStopped));
	return {
		total: rows.reduce((sum, row) => sum + row.n, 0),
		finished: count(FINISHED),
		failed: count(FAILED),
		lastStoppedMs: stopped.length ? Math.max(...stopped) : Number.NaN,
	};
}

/**
 * Polls (bounded) until `expected` executions after the mark exist and all have finished. n8n
 * answers a webhook before it stores the run, so the answers alone do not say the work is done.
 */
export async function waitForWindow(userFolder: string, workflowId: string, afterId: number, expected: number, timeoutMs: number, everyMs = 50): Promise<ExecutionWindow> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const window = await executionWindow(userFolder, workflowId, afterId);
		if (window.total >= expected && window.finished === window.total) return window;
		if (Date.now() > deadline) {
			throw new Error(`workflow ${workflowId}: ${window.finished} of ${expected} executions finished within ${timeoutMs} ms (${window.total} stored)`);
		}
		await sleep(everyMs);
	}
}

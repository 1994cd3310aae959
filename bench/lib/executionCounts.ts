/** Counts of n8n's stored executions per workflow, read straight from its SQLite file (no run data parsed). */
import { databaseFile } from '../../test/harness/executions';
import { closeDatabase, openDatabase, queryAll } from '../../test/harness/hostModules';
import { waitUntil } from './load';

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

export async function executionCounts(userFolder: string, workflowId: string): Promise<{ total: number; finished: number; failed: number }> {
	const db = await openDatabase(databaseFile(userFolder), 'readonly');
	try {
		const rows = await queryAll<{ status: string; n: number }>(
			db,
			'SELECT status, COUNT(*) AS n FROM execution_entity WHERE workflowId = ? GROUP BY status',
			[workflowId],
		);
		const count = (statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row.n, 0);
		return { total: rows.reduce((sum, row) => sum + row.n, 0), finished: count(FINISHED), failed: count(['error', 'crashed']) };
	} finally {
		await closeDatabase(db);
	}
}

/** Waits (bounded) until every execution of the workflow has finished; returns whether they did. */
export function drained(userFolder: string, workflowId: string, timeoutMs = 60_000): Promise<boolean> {
	return waitUntil(async () => {
		const counts = await executionCounts(userFolder, workflowId);
		return counts.finished === counts.total;
	}, timeoutMs, 250);
}

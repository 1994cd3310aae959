/** Counts of n8n's stored executions per workflow, read straight from its database (no run data parsed). */
import { withN8nDatabase } from '../../test/harness/n8nDatabase';
import { waitUntil } from './load';

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

export async function executionCounts(userFolder: string, workflowId: string): Promise<{ total: number; finished: number; failed: number }> {
	const rows = await withN8nDatabase(userFolder, (db) =>
		db.all<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM execution_entity WHERE "workflowId" = ? GROUP BY status', [workflowId]),
	);
	const count = (statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row.n, 0);
	return { total: rows.reduce((sum, row) => sum + row.n, 0), finished: count(FINISHED), failed: count(['error', 'crashed']) };
}

/** Waits (bounded) until every execution of the workflow has finished; returns whether they did. */
export function drained(userFolder: string, workflowId: string, timeoutMs = 60_000): Promise<boolean> {
	return waitUntil(async () => {
		const counts = await executionCounts(userFolder, workflowId);
		return counts.finished === counts.total;
	}, timeoutMs, 250);
}

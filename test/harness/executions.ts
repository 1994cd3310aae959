import { flatted } from './hostModules';
import { withN8nDatabase } from './n8nDatabase';

export interface ItemJson {
	[field: string]: unknown;
}

export interface ExecutionError {
	message?: string;
	description?: string | null;
	httpCode?: string | null;
	name?: string;
	node?: { name?: string };
	context?: Record<string, unknown>;
	[field: string]: unknown;
}

/** One run of one node, as n8n stores it (IRunData[node][i]). */
export interface NodeRun {
	executionStatus?: string;
	/** When the node started (ms since epoch) and how long it ran (ms), as n8n measured it. */
	startTime?: number;
	executionTime?: number;
	error?: ExecutionError;
	data?: { main?: Array<Array<{ json: ItemJson }> | null> };
}

export interface StoredExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	/** The execution's error (resultData.error), if it failed. */
	error?: ExecutionError;
	lastNodeExecuted?: string;
	runData: Record<string, NodeRun[]>;
}

export const FINISHED_STATUSES = ['success', 'error', 'crashed', 'canceled'];

interface ExecutionRow {
	id: number | string;
	workflowId: string;
	status: string;
	mode: string;
	finished: number | boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	data: string | null;
}

interface RunExecutionData {
	resultData?: { error?: ExecutionError; lastNodeExecuted?: string; runData?: Record<string, NodeRun[]> };
}

function toStoredExecution(row: ExecutionRow): StoredExecution {
	const run = (row.data ? flatted().parse(row.data) : {}) as RunExecutionData;
	return {
		id: String(row.id),
		workflowId: row.workflowId,
		status: row.status,
		mode: row.mode,
		finished: row.finished === 1 || row.finished === true,
		startedAt: row.startedAt,
		stoppedAt: row.stoppedAt,
		error: run.resultData?.error,
		lastNodeExecuted: run.resultData?.lastNodeExecuted,
		runData: run.resultData?.runData ?? {},
	};
}

/**
 * The executions n8n stored for a workflow (oldest first), read from its database (SQLite, or
 * PostgreSQL in queue mode) while it runs or after it stopped, with the run data parsed (flatted).
 */
export async function readExecutions(
	userFolder: string,
	workflowId: string,
	{ finishedOnly = false }: { finishedOnly?: boolean } = {},
): Promise<StoredExecution[]> {
	const statusFilter = finishedOnly ? `AND e.status IN (${FINISHED_STATUSES.map(() => '?').join(',')})` : '';
	const rows = await withN8nDatabase(userFolder, (db) =>
		db.all<ExecutionRow>(
			`SELECT e.id, e."workflowId", e.status, e.mode, e.finished, e."startedAt", e."stoppedAt", d.data
			 FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
			 WHERE e."workflowId" = ? ${statusFilter} ORDER BY e.id`,
			[workflowId, ...(finishedOnly ? FINISHED_STATUSES : [])],
		),
	);
	return rows.map(toStoredExecution);
}

/** Which of `texts` appear as a string anywhere in the executions n8n recorded (any workflow). */
export async function textsInExecutions(userFolder: string, texts: string[]): Promise<Set<string>> {
	const rows = await withN8nDatabase(userFolder, (db) => db.all<{ data: string | null }>('SELECT d.data FROM execution_data d'));
	// Stored as JSON (flatted): a whole string value is the text between its quotes.
	return new Set(texts.filter((text) => rows.some((row) => row.data?.includes(JSON.stringify(text)))));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until at least `count` finished executions exist for the workflow; returns all finished
 * ones. n8n answers webhooks before the run ends (recipe 5), so tests must wait like this.
 */
export async function waitForExecutions(
	userFolder: string,
	workflowId: string,
	count: number,
	timeoutMs = 30_000,
): Promise<StoredExecution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const finished = await readExecutions(userFolder, workflowId, { finishedOnly: true });
		// n8n 1.x can mark an execution successful a moment before its run data is written: wait for it.
		const stored = finished.every((execution) => execution.status !== 'success' || Object.keys(execution.runData).length > 0);
		if (finished.length >= count && stored) return finished;
		if (Date.now() > deadline) {
			const all = await readExecutions(userFolder, workflowId);
			throw new Error(
				`Expected ${count} finished execution(s) of workflow ${workflowId} within ${timeoutMs} ms; ` +
					`found ${finished.length} finished, ${all.length} in total (${all.map((e) => e.status).join(', ')})`,
			);
		}
		await sleep(100);
	}
}

/** The json of every item a node output on its first run (main output `output`). */
export function nodeOutput(execution: StoredExecution, nodeName: string, output = 0): ItemJson[] {
	const run = execution.runData[nodeName]?.[0];
	return (run?.data?.main?.[output] ?? []).map((item) => item.json);
}

/** The error a node's first run ended with, if any. */
export function nodeError(execution: StoredExecution, nodeName: string): ExecutionError | undefined {
	return execution.runData[nodeName]?.[0]?.error;
}

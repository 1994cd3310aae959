import * as fs from 'node:fs';
import * as path from 'node:path';

import type { CredentialFixture, WorkflowFixture } from './fixtures';
import { withN8nDatabase } from './n8nDatabase';
import { runLogged } from './processes';

export interface CliContext {
	/** The node executable n8n runs on. */
	node: string;
	bin: string;
	userFolder: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
}

function n8nCli(context: CliContext, args: string[]): Promise<void> {
	return runLogged(context.node, [context.bin, ...args], context.logFile, {
		cwd: context.userFolder,
		env: context.env,
	});
}

/**
 * Imports credentials and workflows with the CLI, one boot each (recipe section 4). The first
 * command on a fresh folder also runs n8n's migrations. Existing ids are overwritten.
 */
export async function importFixtures(
	context: CliContext,
	credentials: CredentialFixture[],
	workflows: WorkflowFixture[],
): Promise<void> {
	const dir = path.join(context.userFolder, 'fixtures');
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(path.join(dir, 'workflows'), { recursive: true });
	if (credentials.length > 0) {
		const file = path.join(dir, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		await n8nCli(context, ['import:credentials', `--input=${file}`]);
	}
	if (workflows.length > 0) {
		for (const workflow of workflows) {
			fs.writeFileSync(path.join(dir, 'workflows', `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		}
		await n8nCli(context, ['import:workflow', '--separate', `--input=${path.join(dir, 'workflows')}`]);
	}
	// The plaintext secrets are in the database (encrypted) now; do not leave them lying around.
	fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Activates workflows with the one SQL statement `publish:workflow` amounts to (recipe section 4).
 * n8n must be stopped: a running n8n does not notice.
 */
export async function activateWorkflows(userFolder: string, workflowIds: string[]): Promise<void> {
	if (workflowIds.length === 0) return;
	const placeholders = workflowIds.map(() => '?').join(',');
	const changed = await withN8nDatabase(
		userFolder,
		(db) =>
			db.run(
				`UPDATE workflow_entity SET active = TRUE, "activeVersionId" = "versionId"
				 WHERE id IN (${placeholders})
				 AND "versionId" IN (SELECT "versionId" FROM workflow_history WHERE "workflowId" = workflow_entity.id)`,
				workflowIds,
			),
		'readwrite',
	);
	if (changed !== workflowIds.length) {
		throw new Error(`Activated ${changed} of ${workflowIds.length} workflows (${workflowIds.join(', ')})`);
	}
}

interface OutboxRow {
	workflowId: string;
	status: string;
	errorMessage: string | null;
}

const PUBLICATION_DONE = ['completed', 'partial_success', 'failed'];

/**
 * n8n 2.x (since its workflow publication service) activates published workflows after
 * "Editor is now accessible", a few at a time, and records each in `workflow_publication_outbox`.
 * Waits until every workflow in `workflowIds` is done there and throws if one did not fully
 * activate. Resolves at once on an n8n without that table (1.x activates before it logs ready).
 */
export async function waitForPublication(userFolder: string, workflowIds: string[], timeoutMs: number): Promise<void> {
	if (workflowIds.length === 0) return;
	await withN8nDatabase(userFolder, async (db) => {
		if (!(await db.tableExists('workflow_publication_outbox'))) return;
		const placeholders = workflowIds.map(() => '?').join(',');
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			// The latest record of each workflow, for the version that is active now.
			const rows = await db.all<OutboxRow>(
				`SELECT o."workflowId", o.status, o."errorMessage" FROM workflow_publication_outbox o
				 JOIN workflow_entity w ON w.id = o."workflowId" AND w."activeVersionId" = o."publishedVersionId"
				 WHERE o."workflowId" IN (${placeholders})
				 AND o.id = (SELECT MAX(id) FROM workflow_publication_outbox l WHERE l."workflowId" = o."workflowId")`,
				workflowIds,
			);
			const done = rows.filter((row) => PUBLICATION_DONE.includes(row.status));
			if (done.length === workflowIds.length) {
				const problems = done.filter((row) => row.status !== 'completed');
				if (problems.length > 0) {
					throw new Error(
						`n8n could not activate some workflows:\n${problems.map((row) => `${row.workflowId}: ${row.status} ${row.errorMessage ?? ''}`).join('\n')}`,
					);
				}
				return;
			}
			if (Date.now() > deadline) {
				const pending = workflowIds.filter((id) => !done.some((row) => row.workflowId === id));
				throw new Error(`n8n had not activated ${pending.length} workflow(s) within ${timeoutMs} ms: ${pending.join(', ')}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	});
}

import * as fs from 'node:fs';
import * as path from 'node:path';

import type { CredentialFixture, WorkflowFixture } from './fixtures';
import { closeDatabase, execute, openDatabase } from './hostModules';
import { databaseFile } from './executions';
import { runLogged } from './processes';

export interface CliContext {
	bin: string;
	userFolder: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
}

function n8nCli(context: CliContext, args: string[]): Promise<void> {
	return runLogged(process.execPath, [context.bin, ...args], context.logFile, {
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
	const db = await openDatabase(databaseFile(userFolder), 'readwrite');
	try {
		const placeholders = workflowIds.map(() => '?').join(',');
		const changed = await execute(
			db,
			`UPDATE workflow_entity SET active = 1, activeVersionId = versionId
			 WHERE id IN (${placeholders})
			 AND versionId IN (SELECT versionId FROM workflow_history WHERE workflowId = workflow_entity.id)`,
			workflowIds,
		);
		if (changed !== workflowIds.length) {
			throw new Error(`Activated ${changed} of ${workflowIds.length} workflows (${workflowIds.join(', ')})`);
		}
	} finally {
		await closeDatabase(db);
	}
}

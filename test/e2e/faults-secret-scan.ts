/**
 * Scans what a test run produced (every stored execution of the given workflows, n8n's log, the
 * sandbox's request, acceptance and delivery records) for the configured secrets and for any
 * access token the sandbox issued (its tokens are JWTs with a fixed header; records redact them).
 */
import * as fs from 'node:fs';

import { DEFAULT_AVAYA_TENANT } from '../../sandbox/config';
import { e2e, sandbox } from '../harness/context';
import { databaseFile } from '../harness/executions';
import { closeDatabase, openDatabase, queryAll } from '../harness/hostModules';

/** base64url of {"alg":"RS256","typ":"JWT"}: the first part of every token the sandbox issues. */
const SANDBOX_TOKEN_HEADER = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');

export interface SecretScan {
	scanned: number;
	bytes: number;
	hits: string[];
}

async function executionTexts(workflowIds: string[]): Promise<Array<[string, string]>> {
	const db = await openDatabase(databaseFile(e2e().userFolder), 'readonly');
	try {
		const rows = await queryAll<{ id: number; workflowId: string; data: string | null }>(
			db,
			`SELECT e.id, e.workflowId, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id
			 WHERE e.workflowId IN (${workflowIds.map(() => '?').join(',')})`,
			workflowIds,
		);
		return rows.map((row) => [`execution ${row.id} (${row.workflowId})`, row.data ?? '']);
	} finally {
		await closeDatabase(db);
	}
}

export async function scanForSecrets(workflowIds: string[]): Promise<SecretScan> {
	const client = sandbox();
	const secrets = [DEFAULT_AVAYA_TENANT.clientSecret, DEFAULT_AVAYA_TENANT.webhookSecret, e2e().avaya.webhookSecret].filter(Boolean);
	const sources: Array<[string, string]> = [
		...(await executionTexts(workflowIds)),
		['n8n log', fs.readFileSync(e2e().n8nLogFile, 'utf8')],
		['sandbox request records', JSON.stringify(await client.records())],
		['sandbox accepted records', JSON.stringify(await client.accepted())],
		['sandbox delivery records', JSON.stringify(await client.events())],
	];
	const hits: string[] = [];
	for (const [name, text] of sources) {
		for (const secret of secrets) if (text.includes(secret)) hits.push(`${name} contains a configured secret (${secret.slice(0, 4)}…)`);
		if (text.includes(SANDBOX_TOKEN_HEADER)) hits.push(`${name} contains an access token issued by the sandbox`);
	}
	return { scanned: sources.length, bytes: sources.reduce((sum, [, text]) => sum + text.length, 0), hits };
}

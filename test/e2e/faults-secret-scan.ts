/**
 * Scans what a test run produced (stored executions: of the given workflows, or of every workflow;
 * n8n's log; the sandbox's request, acceptance and delivery records) for the configured secrets
 * (every secret-looking field of the credentials imported into n8n, and the sandbox tenants'
 * secrets) and for any access token the sandbox issued (its tokens are JWTs with a fixed header;
 * records redact them). Used by zz-secret-scan.test.ts, which runs after every other e2e file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEFAULT_AVAYA_TENANT } from '../../sandbox/vendors/avayaConfig';
import { DEFAULT_ALVARIA_ORG } from '../../sandbox/vendors/alvariaConfig';
import { DEFAULT_CCAI_TENANT } from '../../sandbox/vendors/ccaiConfig';
import { DEFAULT_GENESYS_TENANT } from '../../sandbox/vendors/genesysConfig';
import { DEFAULT_WEBEX_SERVICE } from '../../sandbox/vendors/webexConfig';
import { e2e, sandbox } from '../harness/context';
import { withN8nDatabase } from '../harness/n8nDatabase';

/** base64url of {"alg":"RS256","typ":"JWT"}: the first part of every token the sandbox issues. */
const SANDBOX_TOKEN_HEADER = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');

export interface SecretScan {
	/** How many distinct secrets were looked for. */
	secrets: number;
	scanned: number;
	executions: number;
	workflows: number;
	bytes: number;
	hits: string[];
}

async function executionTexts(workflowIds?: string[]): Promise<Array<[string, string]>> {
	const where = workflowIds ? `WHERE e."workflowId" IN (${workflowIds.map(() => '?').join(',')})` : '';
	const rows = await withN8nDatabase(e2e().userFolder, (db) =>
		db.all<{ id: number; workflowId: string; data: string | null; workflowData: unknown }>(
			`SELECT e.id, e."workflowId", d.data, d."workflowData" FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id ${where}`,
			workflowIds ?? [],
		),
	);
	// PostgreSQL hands workflowData (json) back parsed.
	const text = (value: unknown) => (value == null ? '' : typeof value === 'string' ? value : JSON.stringify(value));
	return rows.map((row) => [`execution ${row.id} (${row.workflowId})`, `${row.data ?? ''}\n${text(row.workflowData)}`]);
}

/** The secrets to look for: the imported credentials' and the sandbox tenants' (at least 4 characters). */
export function configuredSecrets(): string[] {
	const candidates = [
		...e2e().secrets,
		DEFAULT_AVAYA_TENANT.clientSecret,
		DEFAULT_AVAYA_TENANT.webhookSecret,
		e2e().avaya.webhookSecret,
		DEFAULT_GENESYS_TENANT.appSecret,
		DEFAULT_GENESYS_TENANT.apiKey,
		DEFAULT_ALVARIA_ORG.clientSecret,
		DEFAULT_ALVARIA_ORG.apiKey,
		DEFAULT_CCAI_TENANT.apiToken,
		// The Basic header value would carry the token encoded.
		Buffer.from(`${DEFAULT_CCAI_TENANT.subdomain}:${DEFAULT_CCAI_TENANT.apiToken}`).toString('base64'),
		DEFAULT_WEBEX_SERVICE.serviceKey,
		DEFAULT_WEBEX_SERVICE.serviceSecret,
		Buffer.from(DEFAULT_WEBEX_SERVICE.serviceSecret, 'base64').toString('utf8'),
		DEFAULT_WEBEX_SERVICE.hubSecret,
	];
	return [...new Set(candidates.filter((secret) => typeof secret === 'string' && secret.length >= 4))];
}

/**
 * Scans the executions of `workflowIds` (all workflows when omitted), the n8n log and the sandbox
 * records, for the configured secrets and `moreSecrets` (e.g. ones a test set through n8n's REST API).
 */
export async function scanForSecrets(workflowIds?: string[], moreSecrets: string[] = []): Promise<SecretScan> {
	const client = sandbox();
	const secrets = [...new Set([...configuredSecrets(), ...moreSecrets])];
	const executions = await executionTexts(workflowIds);
	const sources: Array<[string, string]> = [
		...executions,
		...e2e().n8nLogFiles.map((file): [string, string] => [`n8n log ${path.basename(file)}`, fs.readFileSync(file, 'utf8')]),
		['sandbox request records', JSON.stringify(await client.records())],
		['sandbox accepted records', JSON.stringify(await client.accepted())],
		['sandbox delivery records', JSON.stringify(await client.events())],
		['sandbox Genesys deliveries', JSON.stringify(await client.genesysDeliveries())],
	];
	const hits: string[] = [];
	for (const [name, text] of sources) {
		for (const secret of secrets) if (text.includes(secret)) hits.push(`${name} contains a configured secret (${secret.slice(0, 4)}…)`);
		if (text.includes(SANDBOX_TOKEN_HEADER)) hits.push(`${name} contains an access token issued by the sandbox`);
	}
	return {
		secrets: secrets.length,
		scanned: sources.length,
		executions: executions.length,
		workflows: new Set(executions.map(([name]) => name.replace(/^.*\((.*)\)$/, '$1'))).size,
		bytes: sources.reduce((sum, [, text]) => sum + text.length, 0),
		hits,
	};
}

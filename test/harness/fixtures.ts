import * as fs from 'node:fs';
import * as path from 'node:path';

/** A credential for `n8n import:credentials` (plaintext data; n8n encrypts it on import). */
export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
	[field: string]: unknown;
}

/** A workflow for `n8n import:workflow` (fixed id; webhook nodes carry fixed webhookIds). */
export interface WorkflowFixture {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[field: string]: unknown;
}

/** Replaces every `{{NAME}}` placeholder (upper-case names only; n8n expressions are left alone). */
export function substitutePlaceholders(text: string, values: Record<string, string>): string {
	return text.replace(/\{\{([A-Z][A-Z0-9_]*)\}\}/g, (whole, name: string) => {
		if (!(name in values)) throw new Error(`No value for placeholder {{${name}}}`);
		return values[name];
	});
}

/** Every workflow in `dir/*.json` (one object or an array per file), placeholders substituted. */
export function loadWorkflows(dir: string, values: Record<string, string> = {}): WorkflowFixture[] {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.flatMap((name) => {
			const parsed = JSON.parse(substitutePlaceholders(fs.readFileSync(path.join(dir, name), 'utf8'), values)) as
				| WorkflowFixture
				| WorkflowFixture[];
			return Array.isArray(parsed) ? parsed : [parsed];
		});
}

/**
 * A credential in `test/e2e/credentials/*.json`: a full credential, or one that `extends` another
 * (by id) and overrides some of its `data` fields, so secrets stay defined in one place.
 */
export interface CredentialFixtureFile {
	id: string;
	name: string;
	type?: string;
	extends?: string;
	data?: Record<string, unknown>;
}

/** Every credential in `dir/*.json` (one object or an array per file), placeholders substituted, `extends` resolved against `base`. */
export function loadCredentials(dir: string, values: Record<string, string>, base: CredentialFixture[]): CredentialFixture[] {
	if (!fs.existsSync(dir)) return [];
	const files = fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.flatMap((name) => {
			const parsed = JSON.parse(substitutePlaceholders(fs.readFileSync(path.join(dir, name), 'utf8'), values)) as CredentialFixtureFile | CredentialFixtureFile[];
			return (Array.isArray(parsed) ? parsed : [parsed]).map((fixture) => ({ fixture, file: name }));
		});
	return files.map(({ fixture, file }) => {
		const parent = fixture.extends === undefined ? undefined : base.find((candidate) => candidate.id === fixture.extends);
		if (fixture.extends !== undefined && !parent) throw new Error(`${file}: credential ${fixture.id} extends unknown credential ${fixture.extends}`);
		const type = fixture.type ?? parent?.type;
		if (!type) throw new Error(`${file}: credential ${fixture.id} has no type`);
		return { id: fixture.id, name: fixture.name, type, data: { ...parent?.data, ...fixture.data } };
	});
}

/** The non-empty values of secret-looking fields (secret, key, password, token) of `credentials`. */
export function credentialSecrets(credentials: CredentialFixture[]): string[] {
	const values = credentials.flatMap((credential) =>
		Object.entries(credential.data).flatMap(([field, value]) => (/secret|key|password|token/i.test(field) && typeof value === 'string' && value !== '' ? [value] : [])),
	);
	return [...new Set(values)];
}

/** The webhookIds used by a workflow's nodes. */
export function webhookIdsOf(workflow: WorkflowFixture): string[] {
	return workflow.nodes.flatMap((node) => (node.webhookId ? [node.webhookId] : []));
}

/** n8n's workflow name column in PostgreSQL (queue mode); SQLite would take a longer name. */
const MAX_WORKFLOW_NAME = 128;

/**
 * Fails on a workflow id or webhookId used twice (n8n would refuse to activate the second: 409), and
 * on a name too long for PostgreSQL.
 */

export function assertImportable(workflows: WorkflowFixture[]): void {
	const seen = new Map<string, string>();
	for (const workflow of workflows) {
		if (workflow.name.length > MAX_WORKFLOW_NAME) {
			throw new Error(`workflow ${workflow.id}: its name has ${workflow.name.length} characters; n8n on PostgreSQL takes ${MAX_WORKFLOW_NAME}`);
		}
		for (const key of [`workflow ${workflow.id}`, ...webhookIdsOf(workflow).map((id) => `webhookId ${id}`)]) {
			const previous = seen.get(key);
			if (previous) throw new Error(`${key} is used by both "${previous}" and "${workflow.name}"`);
			seen.set(key, workflow.name);
		}
	}
}

/**
 * n8n's database for the harness, whichever n8n uses: its SQLite file (single process, through the
 * worker on n8n's Node: see hostModules.ts) or the PostgreSQL of the queue-mode test bed (through
 * n8n's own `pg` module). Write SQL once for both: camelCase columns double-quoted ("workflowId"),
 * `?` placeholders, TRUE/FALSE for booleans.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

import { closeDatabase, execute, openDatabase, queryAll } from './hostModules';
import { selectedN8nHost } from './n8nHost';
import type { PostgresConnection } from './postgresServer';

export interface N8nDatabase {
	kind: 'sqlite' | 'postgres';
	all<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
	/** Runs a statement; resolves with the number of changed rows. */
	run(sql: string, params?: unknown[]): Promise<number>;
	tableExists(name: string): Promise<boolean>;
	close(): Promise<void>;
}

/** Written into a user folder whose n8n uses PostgreSQL (the queue-mode test bed). */
const SETTINGS_FILE = 'harness-database.json';

export function useNodePostgres(userFolder: string, connection: PostgresConnection): void {
	fs.writeFileSync(path.join(userFolder, SETTINGS_FILE), JSON.stringify(connection));
}

export function postgresOf(userFolder: string): PostgresConnection | undefined {
	const file = path.join(userFolder, SETTINGS_FILE);
	return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PostgresConnection) : undefined;
}

export function sqliteFile(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'database.sqlite');
}

export async function openN8nDatabase(userFolder: string, mode: 'readonly' | 'readwrite' = 'readonly'): Promise<N8nDatabase> {
	const postgres = postgresOf(userFolder);
	return postgres ? openPostgres(postgres) : openSqlite(sqliteFile(userFolder), mode);
}

/** Runs `use` on the database of `userFolder` and closes it. */
export async function withN8nDatabase<T>(userFolder: string, use: (db: N8nDatabase) => Promise<T>, mode: 'readonly' | 'readwrite' = 'readonly'): Promise<T> {
	const db = await openN8nDatabase(userFolder, mode);
	try {
		return await use(db);
	} finally {
		await db.close();
	}
}

async function openSqlite(file: string, mode: 'readonly' | 'readwrite'): Promise<N8nDatabase> {
	const db = await openDatabase(file, mode);
	return {
		kind: 'sqlite',
		all: (sql, params = []) => queryAll(db, sql, params),
		run: (sql, params = []) => execute(db, sql, params),
		tableExists: async (name) => (await queryAll(db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [name])).length > 0,
		close: () => closeDatabase(db),
	};
}

interface PgClient {
	connect(): Promise<void>;
	query(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>>; rowCount: number | null }>;
	end(): Promise<void>;
}

/** `?` → `$1, $2, …` (the harness's SQL has no `?` inside string literals). */
function numberedPlaceholders(sql: string): string {
	let index = 0;
	return sql.replace(/\?/g, () => `$${++index}`);
}

/** Dates as ISO strings and bigint counts as numbers, as the SQLite path gives them. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
	const plain: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) {
		plain[key] = value instanceof Date ? value.toISOString() : typeof value === 'string' && /^(n|count|id)$/.test(key) && /^\d+$/.test(value) ? Number(value) : value;
	}
	return plain;
}

async function openPostgres(connection: PostgresConnection): Promise<N8nDatabase> {
	const pg = createRequire(path.join(selectedN8nHost().dir, 'package.json'))('pg') as { Client: new (config: object) => PgClient };
	const client = new pg.Client({ ...connection });
	await client.connect();
	const all = async <Row>(sql: string, params: unknown[] = []) =>
		(await client.query(numberedPlaceholders(sql), params)).rows.map(plainRow) as Row[];
	return {
		kind: 'postgres',
		all,
		run: async (sql, params = []) => (await client.query(numberedPlaceholders(sql), params)).rowCount ?? 0,
		tableExists: async (name) => (await all(`SELECT 1 FROM information_schema.tables WHERE table_name = ?`, [name])).length > 0,
		close: () => client.end(),
	};
}

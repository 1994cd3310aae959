import { createRequire } from 'node:module';
import * as path from 'node:path';

import { N8N_HOST_DIR } from './paths';

/** The parts of `sqlite3` the harness uses (the module comes from n8n's node_modules). */
export interface SqliteDatabase {
	all(sql: string, params: unknown[], callback: (error: Error | null, rows: unknown[]) => void): void;
	run(sql: string, params: unknown[], callback: (this: { changes: number }, error: Error | null) => void): void;
	close(callback?: (error: Error | null) => void): void;
}

interface Sqlite3Module {
	OPEN_READONLY: number;
	OPEN_READWRITE: number;
	Database: new (file: string, mode: number, callback: (error: Error | null) => void) => SqliteDatabase;
}

interface FlattedModule {
	parse(text: string): unknown;
}

const requireFromHost = () => createRequire(path.join(N8N_HOST_DIR, 'package.json'));

/** n8n's own sqlite3 and flatted (installed with n8n-host; not dependencies of this repo). */
export function sqlite3(): Sqlite3Module {
	return requireFromHost()('sqlite3') as Sqlite3Module;
}

export function flatted(): FlattedModule {
	return requireFromHost()('flatted') as FlattedModule;
}

export function openDatabase(file: string, mode: 'readonly' | 'readwrite'): Promise<SqliteDatabase> {
	const sqlite = sqlite3();
	return new Promise((resolve, reject) => {
		const db = new sqlite.Database(file, mode === 'readonly' ? sqlite.OPEN_READONLY : sqlite.OPEN_READWRITE, (error) =>
			error ? reject(error) : resolve(db),
		);
	});
}

export function queryAll<Row>(db: SqliteDatabase, sql: string, params: unknown[] = []): Promise<Row[]> {
	return new Promise((resolve, reject) =>
		db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as Row[]))),
	);
}

/** Runs a statement; resolves with the number of changed rows. */
export function execute(db: SqliteDatabase, sql: string, params: unknown[] = []): Promise<number> {
	return new Promise((resolve, reject) =>
		db.run(sql, params, function (error) {
			if (error) reject(error);
			else resolve(this.changes);
		}),
	);
}

export function closeDatabase(db: SqliteDatabase): Promise<void> {
	return new Promise((resolve) => db.close(() => resolve()));
}

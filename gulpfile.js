const path = require('node:path');
const { task, src, dest, parallel, series } = require('gulp');

// Icons go to the same relative place under dist/, so a `file:` path that is right for the
// .ts source is right for the compiled .js too. encoding:false keeps binary files intact.
const copyIcons = (from) => () =>
	src(path.resolve(from, '**', '*.{png,svg}'), { encoding: false, allowEmpty: true }).pipe(
		dest(path.resolve('dist', from)),
	);

// libphonenumber-js is bundled into the compiled phone module so that undici stays the
// package's one runtime dependency (see README, "How it is built").
async function bundlePhoneLibrary() {
	const esbuild = require('esbuild');
	const file = path.resolve('dist', 'nodes', 'shared', 'phone.js');
	await esbuild.build({
		entryPoints: [file],
		outfile: file,
		allowOverwrite: true,
		bundle: true,
		// Only libphonenumber-js is inlined; our own modules and the host's n8n-workflow stay shared.
		external: ['n8n-workflow', 'undici'],
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

task('build:icons', parallel(copyIcons('icons'), copyIcons('nodes'), copyIcons('credentials')));
task('build:phone', bundlePhoneLibrary);
task('build', series('build:icons', 'build:phone'));

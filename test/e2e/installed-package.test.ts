/**
 * The packed package as n8n's community installer installs it. The test bed (globalSetup) packs
 * the built repository, unpacks the tarball into a fresh n8n user folder's
 * `.n8n/nodes/node_modules/`, strips the fields n8n strips, runs n8n's `npm install` there, and
 * starts n8n on it (each major in CI). This checks what came of it: nothing installed beside the
 * package, every node and credential of package.json's `n8n` section among n8n's loaded types,
 * and no line about the package in what n8n logged while loading.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { e2e } from '../harness/context';
import { readPackageJson } from '../harness/installPackage';
import { PACKAGE_NAME, REPO_ROOT } from '../harness/paths';

interface LoadedType {
	name: string;
	communityNodePackageVersion?: string;
}

const declared = readPackageJson(REPO_ROOT);
const installedDir = () => path.join(e2e().userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);

/** The `name` of the class a built file exports (class name = file name before the first dot). */
async function declaredName(file: string): Promise<string> {
	const className = path.basename(file).split('.')[0];
	const module = (await import(path.join(REPO_ROOT, file))) as Record<string, new () => { name?: string; description?: { name: string } }>;
	const exported = module[className];
	const instance = new exported();
	return instance.description?.name ?? String(instance.name);
}

function loadedTypes(kind: 'nodes' | 'credentials'): LoadedType[] {
	const file = path.join(e2e().userFolder, '.cache', 'n8n', 'public', 'types', `${kind}.json`);
	return JSON.parse(fs.readFileSync(file, 'utf8')) as LoadedType[];
}

describe("the packed package, installed as n8n's installer installs it (real n8n)", () => {
	it('declares no runtime dependencies, so nothing was installed beside it', () => {
		const installed = readPackageJson(installedDir());
		expect(installed.name).toBe(PACKAGE_NAME);
		expect(installed.dependencies).toBeUndefined();
		expect(fs.existsSync(path.join(installedDir(), 'node_modules'))).toBe(false);
	});

	it("n8n loaded every node and credential of package.json's n8n section", async () => {
		const nodeFiles = declared.n8n?.nodes ?? [];
		const credentialFiles = declared.n8n?.credentials ?? [];
		expect(nodeFiles.length).toBeGreaterThan(0);
		expect(credentialFiles.length).toBeGreaterThan(0);

		const nodes = loadedTypes('nodes');
		for (const file of nodeFiles) {
			const type = `${PACKAGE_NAME}.${await declaredName(file)}`;
			expect(nodes.filter((node) => node.name === type).map((node) => node.communityNodePackageVersion)).toContain(declared.version);
		}
		const credentialNames = loadedTypes('credentials').map((credential) => credential.name);
		for (const file of credentialFiles) expect(credentialNames).toContain(await declaredName(file));
	});

	it('n8n logged nothing about the package while it loaded it', () => {
		const { n8nLogFile, userFolder } = e2e();
		// Everything n8n printed up to the editor being ready (node loading happens before it),
		// and the CLI imports, which load the nodes too.
		const startLog = fs.readFileSync(n8nLogFile, 'utf8').split('Editor is now accessible via')[0];
		const cliLog = fs.readFileSync(path.join(userFolder, 'n8n-cli.log'), 'utf8');
		expect(startLog.length).toBeGreaterThan(0);
		const classNames = [...(declared.n8n?.nodes ?? []), ...(declared.n8n?.credentials ?? [])].map((file) => path.basename(file).split('.')[0]);
		const mentions = new RegExp([PACKAGE_NAME, 'dist/nodes/', 'dist/credentials/', ...classNames].join('|'));
		// n8n's own line for each activated workflow names the workflow, and some workflows are named after a vendor.
		const lines = `${startLog}\n${cliLog}`
			.split('\n')
			.filter((line) => mentions.test(line) && !/^Activated workflow "/.test(line.trim()));
		expect(lines).toEqual([]);
	});
});

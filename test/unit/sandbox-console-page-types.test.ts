/**
 * The console page's TypeScript is bundled for the browser by esbuild, which does not check types:
 * this compiles it with its own tsconfig (DOM types, no Node) and expects no diagnostic.
 */
import * as path from 'node:path';

import * as ts from 'typescript';

import { PAGE_DIR } from '../../sandbox/console/assets';

describe('console page sources', () => {
	it('type-check against the DOM with the page\'s own tsconfig', () => {
		const configFile = path.join(PAGE_DIR, 'tsconfig.json');
		const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
			...ts.sys,
			onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
				throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
			},
		});
		if (!parsed) throw new Error(`cannot read ${configFile}`);
		expect(parsed.fileNames.map((file) => path.relative(PAGE_DIR, file)).sort()).toEqual(
			['../types.ts', 'api.ts', 'bubbles.ts', 'conversationView.ts', 'dom.ts', 'faultsView.ts', 'main.ts', 'tabView.ts', 'trafficView.ts'].sort(),
		);
		const program = ts.createProgram(parsed.fileNames, parsed.options);
		const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
			const where = diagnostic.file ? `${path.relative(PAGE_DIR, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
			return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
		});
		expect(problems).toEqual([]);
	}, 60_000);
});

/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: { warnOnly: false } }];

module.exports = {
	// The e2e tests share one real n8n and one sandbox: run test files one after another.
	maxWorkers: 1,
	reporters: ['default', '<rootDir>/test/harness/summaryReporter.js'],
	// Files named zz-* run last (test/e2e/zz-secret-scan.test.ts scans everything the others produced).
	testSequencer: '<rootDir>/test/harness/testSequencer.js',
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['**/*.test.ts'],
			globalSetup: '<rootDir>/test/harness/globalSetup.ts',
			globalTeardown: '<rootDir>/test/harness/globalTeardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/harness/longTestTimeout.ts'],
		},
		{
			// The built package itself, without an n8n: n8n's community-package scanner.
			displayName: 'package',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/package'],
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/harness/longTestTimeout.ts'],
		},
	],
};

/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: { warnOnly: false } }];

// N8N_TEST_MODE=queue: the e2e suite against n8n's queue mode, plus the tests only queue mode has.
const queueMode = process.env.N8N_TEST_MODE === 'queue';

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
			roots: ['<rootDir>/test/e2e', ...(queueMode ? ['<rootDir>/test/queue'] : [])],
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['**/*.test.ts'],
			globalSetup: '<rootDir>/test/harness/globalSetup.ts',
			globalTeardown: '<rootDir>/test/harness/globalTeardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/harness/longTestTimeout.ts'],
		},
		{
			// Kills n8n processes mid-stream: each scenario starts its own n8n (one process, or queue mode).
			displayName: 'crash',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/crash'],
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['**/*.test.ts'],
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

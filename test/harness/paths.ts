import * as path from 'node:path';

/** Absolute paths the harness, `npm start` and CI agree on. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Scratch space for test runs (gitignored): package cache, per-run n8n user folders, the Node 24 runtime. */
export const E2E_DIR = path.join(REPO_ROOT, '.e2e');
/** Persistent state of `npm start` (gitignored). */
export const RUN_DIR = path.join(REPO_ROOT, '.run');
export const E2E_WORKFLOWS_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'workflows');
/** Extra credentials for e2e workflows (besides the sandbox ones), e.g. one pointing at a closed port. */
export const E2E_CREDENTIALS_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'credentials');
export const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
export const PACKAGE_NAME = 'n8n-nodes-contact-center-sms';
/** A fixed key, so a user folder written by one run can be read by the next (recipe gotcha 16). */
export const ENCRYPTION_KEY = 'e2e-example-key-0123456789abcdef';

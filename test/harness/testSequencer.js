/**
 * Jest's default order (failed first, then slowest first), except that files named `zz-*` run
 * last: test/e2e/zz-secret-scan.test.ts scans what every other e2e file produced.
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const isLast = (test) => path.basename(test.path).startsWith('zz-');

class RunLastSequencer extends Sequencer {
	sort(tests) {
		const sorted = super.sort(tests);
		return Promise.resolve(sorted).then((list) => [...list.filter((t) => !isLast(t)), ...list.filter(isLast).sort((a, b) => a.path.localeCompare(b.path))]);
	}
}

module.exports = RunLastSequencer;

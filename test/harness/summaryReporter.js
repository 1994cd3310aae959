// Prints jest's totals as one plain line ("N passed, N failed"), the closing line CI reads.
class PlainSummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
		process.stdout.write(`\n${line}\n`);
	}
}

module.exports = PlainSummaryReporter;

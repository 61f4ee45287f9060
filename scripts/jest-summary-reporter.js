// Prints one plain closing line ("jest: N passed, N failed, N skipped") that CI tooling reads.
// With BELLWETHER_JEST_TOTALS set to a file, it also appends "passed failed skipped" there so
// scripts/test.sh can print one total over its Jest phases.
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const skipped = numPendingTests + numTodoTests;
    const failed = numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\njest: ${numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
    if (process.env.BELLWETHER_JEST_TOTALS) {
      appendFileSync(process.env.BELLWETHER_JEST_TOTALS, `${numPassedTests} ${failed} ${skipped}\n`);
    }
  }
}
module.exports = SummaryReporter;

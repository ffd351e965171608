import { existsSync, readFileSync } from 'node:fs';

// Adds up vitest's JSON reports of the suites scripts/test.sh ran (and its failed build steps)
// into one closing line.
interface VitestJson {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const step of (process.env.DOCKSIDE_FAILED_STEPS ?? '').split(' ').filter(Boolean)) {
  console.log(`${step}: failed`);
  failed += 1;
}
for (const suite of process.argv.slice(2)) {
  const file = `test-results/${suite}.json`;
  if (!existsSync(file)) {
    console.log(`${suite}: no report (the suite did not run to the end)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
  const suiteSkipped = report.numPendingTests + report.numTodoTests;
  console.log(`${suite}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${suiteSkipped} skipped`);
  if (report.numTotalTests === 0) {
    console.log(`${suite}: ran no test`);
    failed += 1;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += suiteSkipped;
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;

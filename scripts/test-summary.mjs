// Prints one closing line for the whole run, "N passed, N failed", from the Vitest JSON reports
// every workspace writes to test-results/. Exits non-zero when any test failed or none ran.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../test-results/', import.meta.url);
const reports = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const report = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  // Only Vitest's JSON reports count; other figures (the fuzz summary, the drill) live in subfolders.
  if (typeof report.numPassedTests !== 'number') continue;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

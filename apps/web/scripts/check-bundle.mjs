// The budget for the JavaScript a first visit loads: the entry script and the chunks index.html
// preloads, gzipped. Prints the size and exits 1 above the budget, so the build (and CI) fails.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1024;
const dist = new URL('../dist/', import.meta.url);
const html = readFileSync(new URL('index.html', dist), 'utf8');
const files = [
  ...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g),
].map((m) => m[1]);
if (files.length === 0) {
  console.error('web: no entry script found in dist/index.html');
  process.exit(1);
}
let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
  total += size;
  console.log(`web: ${file} ${(size / 1024).toFixed(1)} KB gzip`);
}
const verdict = total > BUDGET_BYTES ? 'OVER' : 'within';
console.log(
  `web: initial JS ${(total / 1024).toFixed(1)} KB gzip, ${verdict} the ${BUDGET_BYTES / 1024} KB budget`,
);
if (total > BUDGET_BYTES) process.exit(1);

// Infra tests synthesize whole environments; give them time and keep them off the other workspaces' settings.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The route ownership table and service names come from contracts' source, as the API's tests read them.
const contracts = fileURLToPath(new URL('../packages/contracts/src/index.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@medicare/contracts': contracts } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // .ci/run sums every workspace's JSON report into one closing line.
    reporters: ['default', 'json'],
    outputFile: { json: '../test-results/infra.json' },
  },
});

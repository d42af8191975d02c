// Infra tests synthesize whole environments; give them time and keep them off the other workspaces' settings.
import { defineConfig } from 'vitest/config';

export default defineConfig({
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

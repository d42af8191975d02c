import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

/**
 * Two projects: page and component tests in happy-dom against the real API (in process, on PGlite), and
 * end-to-end tests that drive Debian's Chromium against the real server (e2e/global-setup.ts).
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      reporters: ['default', 'json'],
      outputFile: { json: '../../test-results/web.json' },
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: './test/environment.ts',
            include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
            setupFiles: ['test/setup.ts'],
            // Page tests run against the real API on PGlite (test/clinic.ts), from the API's golden image.
            env: { TEST_DB: 'pglite' },
            globalSetup: ['../api/test/support/global-setup.ts'],
            // Generous: each test starts its own API, on a CPU that other suites share.
            testTimeout: 300_000,
            hookTimeout: 120_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['e2e/**/*.test.ts'],
            globalSetup: ['e2e/global-setup.ts'],
            testTimeout: 120_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  }),
);

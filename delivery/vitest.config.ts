// Delivery checks: workflow validation and properties, the Dockerfile, the image's runtime replayed outside Docker.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '../test-results/delivery.json' },
  },
});

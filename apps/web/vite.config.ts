import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

const contracts = fileURLToPath(new URL('../../packages/contracts/src/index.ts', import.meta.url));
// The observation catalogue is plain data: imported on its own so TypeBox never reaches the bundle.
const observationTypes = fileURLToPath(
  new URL('../../packages/contracts/src/observation-types.ts', import.meta.url),
);
const api = process.env.API_URL ?? 'http://localhost:3000';

/** The app builds to dist/ with hashed files under dist/assets/ (CloudFront caches /assets/* for a year). */
export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: [
      { find: /^@medicare\/contracts\/observation-types$/, replacement: observationTypes },
      { find: /^@medicare\/contracts$/, replacement: contracts },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: false },
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/health': api,
      '/.well-known': api,
      '/fhir': api,
      '/ws': { target: api.replace(/^http/, 'ws'), ws: true },
    },
  },
});

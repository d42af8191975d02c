// Writes docs/openapi.json from the route schemas; CI fails when the checked-in copy is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/app.js';
import { SERVICE_NAMES } from '../src/config.js';
import { fromPglite } from '../src/db/client.js';

const target = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));
const app = await buildApp({
  config: { services: new Set(SERVICE_NAMES), bodyLimitBytes: 1_048_576, webDistDir: '/nonexistent' },
  database: fromPglite(new PGlite()),
});
await app.ready();
writeFileSync(target, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
console.log(`wrote ${target}`);

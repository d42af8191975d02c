// Writes docs/openapi.json from the route schemas; CI fails when the checked-in copy is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/app.js';
import { generateSigningJwk, keyRingFrom } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import { fromPglite } from '../src/db/client.js';

const target = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));
const { privateJwk } = await generateSigningJwk();
const app = await buildApp({
  config: { ...loadConfig({}), webDistDir: '/nonexistent' },
  database: fromPglite(new PGlite()),
  keyRing: await keyRingFrom(JSON.stringify(privateJwk), undefined),
});
await app.ready();
writeFileSync(target, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
console.log(`wrote ${target}`);

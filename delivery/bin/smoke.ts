// usage: tsx delivery/bin/smoke.ts https://dev.example.com  (SMOKE_EMAIL, SMOKE_PASSWORD in the environment)
import { smoke } from '../src/smoke.js';

const baseUrl = process.argv[2];
if (!baseUrl) {
  console.error('usage: tsx delivery/bin/smoke.ts <base url>');
  process.exit(2);
}
const { SMOKE_EMAIL: email, SMOKE_PASSWORD: password } = process.env;
const checks = await smoke(baseUrl, email && password ? { email, password } : undefined, fetch);
for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
process.exit(checks.every((c) => c.ok) ? 0 : 1);

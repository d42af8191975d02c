// npm run bench: the API against a real PostgreSQL with 10,000 patients, beside a bare Fastify
// route in the same process and the same run, so the ratios hold whatever the machine.
import autocannon, { type Result } from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { generateSigningJwk, keyRingFrom } from '../src/auth/keys.js';
import { signAccessToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { insertSession } from '../src/modules/auth/auth.repository.js';
import { insertUser } from '../src/modules/users/users.repository.js';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { patients, practitioners } from '../src/db/schema/index.js';
import { nameKeys } from '../src/lib/text.js';
import { adminQuery, startThrowawayPostgres, withDatabase } from '../test/support/postgres-server.js';

const PATIENTS = 10_000;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 10;

const server =
  (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL)
    ? { url: (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL)!, stop: async () => {} }
    : await startThrowawayPostgres();
const dbName = `medicare_bench_${process.pid}`;
await adminQuery(server.url, `create database ${dbName}`);
const database = openPostgres({ url: withDatabase(server.url, dbName), poolMax: 10 });
const keyRing = await keyRingFrom(JSON.stringify((await generateSigningJwk()).privateJwk), undefined);

try {
  await migrate(database);
  // Names with a realistic spread: 30 given names, family names from three of 20 syllables (8,000).
  const given = [
    'Ana',
    'Ben',
    'Chloé',
    'Dev',
    'Eli',
    'Fatima',
    'Gus',
    'Hana',
    'Ivan',
    'José',
    'Kai',
    'Lena',
    'Mateo',
    'Nora',
    'Omar',
    'Priya',
    'Quinn',
    'Rosa',
    'Sami',
    'Tomás',
    'Uma',
    'Víctor',
    'Wen',
    'Ximena',
    'Yusuf',
    'Zoë',
    'Amara',
    'Björn',
    'Carmen',
    'Dmitri',
  ];
  const syllables = [
    'ka',
    'ro',
    'mi',
    'den',
    'sa',
    'lo',
    'vi',
    'tan',
    'ber',
    'gu',
    'ne',
    'ha',
    'li',
    'mo',
    'ra',
    'zen',
    'ol',
    'pe',
    'du',
    'fi',
  ];
  const familyOf = (i: number) => {
    const word =
      syllables[i % 20]! + syllables[Math.floor(i / 20) % 20]! + syllables[Math.floor(i / 400) % 20]!;
    return word[0]!.toUpperCase() + word.slice(1);
  };
  const ids: string[] = [];
  for (let batch = 0; batch < PATIENTS / 1000; batch++) {
    const rows = Array.from({ length: 1000 }, (_, j) => {
      const i = batch * 1000 + j;
      const g = given[(i * 7) % given.length]!;
      const f = familyOf((i * 7919) % 8000);
      return {
        givenName: g,
        familyName: f,
        ...nameKeys(g, f),
        birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
        sex: 'unknown' as const,
        phone: `+1 555 ${String(i).padStart(7, '0')}`,
        phoneDigits: `1555${String(i).padStart(7, '0')}`,
      };
    });
    ids.push(
      ...(await database.db.insert(patients).values(rows).returning({ id: patients.id })).map((r) => r.id),
    );
  }
  const staff = await database.db
    .insert(practitioners)
    .values(
      Array.from({ length: 20 }, (_, i) => ({ givenName: 'Dr', familyName: `Bench${i}`, timeZone: 'UTC' })),
    )
    .returning({ id: practitioners.id });
  // VACUUM, not just ANALYZE: it also merges the GIN pending list that a bulk load leaves behind.
  await database.db.execute(sql`vacuum analyze`);

  const app = await buildApp({
    config: { ...loadConfig({ RATE_LIMIT_PER_MINUTE: '100000000' }), webDistDir: '/nonexistent' },
    database,
    keyRing,
  });
  // Every API request below is signed in: token verification and the audit write are measured.
  const admin = await insertUser(database.db, {
    email: 'bench@medicare.local',
    name: 'Bench',
    role: 'admin',
    patientId: null,
    passwordHash: 'not-used',
  });
  const session = await insertSession(database.db, admin.id, new Date());
  const token = await signAccessToken(
    keyRing,
    loadConfig({}).auth,
    { userId: admin.id, role: 'admin', patientId: null, sessionId: session.id },
    new Date(),
  );
  const auth = { authorization: `Bearer ${token}` };
  const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const bare = Fastify();
  bare.get('/bare', async () => ({ status: 'ok' }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const run = (url: string, opts: Partial<autocannon.Options>) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      ...opts,
    }) as unknown as Promise<Result>;

  let n = 0;
  const prefixes = ['karo', 'mide', 'sal', 'tanb', 'jose k', 'berg', 'hali', 'vimo', 'nera', 'zoe r'];
  const base = Date.UTC(2031, 0, 1);
  const results: [string, Result][] = [];
  results.push(['bare Fastify route (baseline)', await run(`${bareUrl}/bare`, {})]);
  results.push([
    'GET /api/patients/:id',
    await run(apiUrl, {
      requests: [
        {
          method: 'GET',
          headers: auth,
          setupRequest: (req) => ({ ...req, path: `/api/patients/${ids[n++ % ids.length]}` }),
        },
      ],
    }),
  ]);
  results.push([
    'GET /api/patients?q=<prefix>',
    await run(apiUrl, {
      requests: [
        {
          method: 'GET',
          headers: auth,
          setupRequest: (req) => ({
            ...req,
            path: `/api/patients?q=${encodeURIComponent(prefixes[n++ % prefixes.length]!)}`,
          }),
        },
      ],
    }),
  ]);
  let k = 0;
  results.push([
    'POST /api/appointments (no conflicts)',
    await run(apiUrl, {
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          setupRequest: (req) => {
            const i = k++;
            const start = base + i * 30 * 60_000;
            return {
              ...req,
              path: '/api/appointments',
              body: JSON.stringify({
                patientId: ids[i % ids.length],
                practitionerId: staff[i % staff.length]!.id,
                start: new Date(start).toISOString(),
                end: new Date(start + 30 * 60_000).toISOString(),
              }),
            };
          },
        },
      ],
    }),
  ]);

  const baseline = results[0]![1].requests.average;
  console.log(
    `\n${PATIENTS} patients, PostgreSQL ${database.kind}, ${CONNECTIONS} connections, ${DURATION_S} s each, API and load generator in one process\n`,
  );
  console.log('| case | req/s | p50 ms | p99 ms | non-2xx | vs bare route |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, r] of results) {
    console.log(
      `| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx + r.errors} | ${(r.requests.average / baseline).toFixed(3)} |`,
    );
  }
  await bare.close();
  await app.close();
} finally {
  await database.close().catch(() => {});
  await adminQuery(server.url, `drop database if exists ${dbName} with (force)`);
  await server.stop();
}

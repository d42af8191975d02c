// npm run bench (issue 15): the built API in its own process against a real PostgreSQL, loaded by wrk
// from another process, beside a bare Fastify route in a third; then single-search times, the app's
// memory, and the database's own ceiling for the audited read (pgbench, same statement, same concurrency).
// BENCH_PATIENTS (10000), BENCH_DURATION seconds per case (10), BENCH_CONNECTIONS (50),
// BENCH_DATABASE_URL or TEST_DATABASE_URL (postgres://root@127.0.0.1:5432/postgres), BENCH_PGLITE=0 skips
// the embedded search check, BENCH_PGBENCH=0 the database ceiling; BENCH_ONLY=health,read,search,book
// picks cases; BENCH_NODE_ARGS goes to the app's node ("--cpu-prof --cpu-prof-dir=/tmp/prof").
// The seeded database is kept as a template between runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { generateSigningJwk, keyRingFrom } from '../src/auth/keys.js';
import { signAccessToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { insertSession } from '../src/modules/auth/auth.repository.js';
import { patientReadQuery } from '../src/modules/patients/patients.repository.js';
import { insertUser } from '../src/modules/users/users.repository.js';
import { adminQuery, withDatabase } from '../test/support/postgres-server.js';
import { pgliteSearchTimes, SEARCHES } from './pglite-search.js';
import { slotQueryTimes } from './slots.js';
import { PATIENT_ID_SQL, seedStatements } from './seed.js';
import { ensureWrk, SIGNED_IN, wrk, type Load } from './wrk.js';

const env = process.env;
const PATIENTS = Number(env.BENCH_PATIENTS ?? 10_000);
const SECONDS = Number(env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
const POOL = 10;
const serverUrl =
  env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = join(apiDir, '../..');
const work = mkdtempSync(join(tmpdir(), 'medicare-bench-'));
const children: ChildProcess[] = [];

ensureWrk();
console.log('building the API (npm run build)…');
if (
  spawnSync('npm', ['run', 'build', '-w', 'packages/contracts', '-w', 'apps/api'], {
    cwd: rootDir,
    stdio: 'inherit',
  }).status !== 0
) {
  throw new Error('build failed');
}

/** The seeded database, kept as a template named after its size and everything that shapes it. */
async function seededTemplate(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of readdirSync(join(apiDir, 'drizzle'))
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(readFileSync(join(apiDir, 'drizzle', f)));
  }
  hash.update(readFileSync(join(apiDir, 'bench/seed.ts')));
  const name = `medicare_bench_t${PATIENTS}_${hash.digest('hex').slice(0, 10)}`;
  const admin = openPostgres({ url: serverUrl, poolMax: 1 });
  try {
    const existing = await admin.db.execute(
      sql`select datname from pg_database where datname ~ ${`^medicare_bench_t${PATIENTS}_[0-9a-f]+$`}`,
    );
    const names = (existing as unknown as { rows: { datname: string }[] }).rows.map((r) => r.datname);
    for (const old of names.filter((n) => n !== name))
      await adminQuery(serverUrl, `drop database ${old} with (force)`);
    if (names.includes(name)) return name;
  } finally {
    await admin.close();
  }
  console.log(`seeding ${PATIENTS} patients into ${name} (kept for the next run)…`);
  const started = Date.now();
  await adminQuery(serverUrl, `drop database if exists ${name}_wip with (force)`);
  await adminQuery(serverUrl, `create database ${name}_wip`);
  const database = openPostgres({
    url: withDatabase(serverUrl, `${name}_wip`),
    poolMax: 2,
    statementTimeoutMs: 3_600_000,
  });
  try {
    await migrate(database);
    for (const statement of seedStatements(PATIENTS)) await database.db.execute(sql.raw(statement));
    await database.db.execute(sql`vacuum analyze`);
  } finally {
    await database.close();
  }
  await adminQuery(serverUrl, `alter database ${name}_wip rename to ${name}`);
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return name;
}

function start(
  command: string,
  args: string[],
  childEnv: Record<string, string>,
  cwd = apiDir,
): ChildProcess {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...childEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url, { headers })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

const freePort = async () => (await import('../test/support/postgres-server.js')).freePort();
/** User + system CPU time of a process so far, in µs (clock ticks of 10 ms). */
const cpuUs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
};
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const template = await seededTemplate();
const dbName = `medicare_bench_${process.pid}`;
await adminQuery(serverUrl, `create database ${dbName} template ${template}`);
const dbUrl = withDatabase(serverUrl, dbName);
const { privateJwk } = await generateSigningJwk();
const privateKey = JSON.stringify(privateJwk);
try {
  // A signed-in admin: every API case below verifies a token and writes an audit event.
  const database = openPostgres({ url: dbUrl, poolMax: 1 });
  const admin = await insertUser(database.db, {
    email: 'bench@medicare.local',
    name: 'Bench',
    role: 'admin',
    patientId: null,
    passwordHash: 'not-used',
  });
  const session = await insertSession(database.db, admin.id, new Date());
  // The booking case books every half hour of the day: open the bench's practitioners around the clock
  // (in this run's copy only), so working hours (issue 17) do not turn the case into 422s.
  const aroundTheClock = {
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    exceptions: [],
  };
  await database.db.execute(
    sql`update practitioners set availability = ${JSON.stringify(aroundTheClock)}::jsonb`,
  );
  const practitionerIds = (
    (await database.db.execute(sql`select id from practitioners order by id`)) as unknown as {
      rows: { id: string }[];
    }
  ).rows.map((r) => r.id);
  const readQuery = patientReadQuery(database.db).toSQL();
  await database.close();
  const keyRing = await keyRingFrom(privateKey, undefined);
  const token = await signAccessToken(
    keyRing,
    loadConfig({}).auth,
    { userId: admin.id, role: 'admin', patientId: null, sessionId: session.id },
    new Date(),
  );

  const bare = start('node', [join(apiDir, 'bench/bare.mjs')], {});
  const barePort = await new Promise<number>((resolve) =>
    bare.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
  );
  const port = await freePort();
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the app's node: a profile of the load.
  const nodeArgs = env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const app = start('node', [...nodeArgs, 'dist/server.js'], {
    DATABASE_URL: dbUrl,
    DATABASE_POOL_MAX: String(POOL),
    AUTH_PRIVATE_KEY: privateKey,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    METRICS_PORT: '0',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    SEED_DEMO: 'false',
    NODE_ENV: 'production',
  });
  app.stdout!.resume();
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${apiUrl}/health`);

  const load = {
    seconds: SECONDS,
    connections: CONNECTIONS,
    env: { BENCH_TOKEN: token, BENCH_PATIENTS: String(PATIENTS) },
  };
  const terms = ['ma', 'mar', 'sof', 'maria k', 'sof coh', 'lena', 'kim', 'garc', 'ahm kh', 'zoe'];
  const readLua = `${SIGNED_IN}
function request() return wrk.format("GET", "/api/patients/" .. patient_id(math.random(1, n_patients))) end`;
  const searchLua = `${SIGNED_IN}
local terms = { ${terms.map((t) => `"${encodeURIComponent(t)}"`).join(', ')} }
local i = 0
function request() i = i + 1; return wrk.format("GET", "/api/patients?q=" .. terms[(i % #terms) + 1]) end`;
  const practitioners = practitionerIds.map((id) => `"${id}"`).join(', ');
  const bookLua = `${SIGNED_IN}
wrk.headers["content-type"] = "application/json"
local practitioners = { ${practitioners} }
local i = 0
local base = os.time({ year = 2031, month = 1, day = 1, hour = 0 })
function request()
  i = i + 1
  local start = base + (i * 2 + tid) * 1800
  local body = string.format('{"patientId":"%s","practitionerId":"%s","start":"%s","end":"%s"}',
    patient_id(math.random(1, n_patients)), practitioners[(i % #practitioners) + 1],
    os.date("!%Y-%m-%dT%H:%M:%SZ", start), os.date("!%Y-%m-%dT%H:%M:%SZ", start + 1800))
  return wrk.format("POST", "/api/appointments", nil, body)
end`;

  console.log('warming up…');
  wrk(work, 'warm', apiUrl, { ...load, seconds: 3, lua: readLua });
  // CPU time the serving process spent per answered request: steadier than req/s on a busy machine.
  const rows: [string, Load & { cpuUs: number }][] = [];
  const timed = (pid: number, run: () => Load) => {
    const before = cpuUs(pid);
    const r = run();
    return { ...r, cpuUs: (cpuUs(pid) - before) / r.requests };
  };
  // BENCH_ONLY=read,book runs only those cases (the bare route always runs: the ratios need it).
  const only = env.BENCH_ONLY?.split(',');
  const measure = (key: string, name: string, url: string, lua?: string) => {
    if (!only || only.includes(key))
      rows.push([name, timed(app.pid!, () => wrk(work, key, url, { ...load, ...(lua ? { lua } : {}) }))]);
  };
  rows.push([
    'bare Fastify route',
    timed(bare.pid!, () => wrk(work, 'bare', `http://127.0.0.1:${barePort}/bare`, load)),
  ]);
  measure('health', '`GET /health` (app, no database)', `${apiUrl}/health`);
  measure('read', '`GET /api/patients/:id`, signed in, audited', apiUrl, readLua);
  measure('search', '`GET /api/patients?q=` (10 name terms)', apiUrl, searchLua);
  measure('book', '`POST /api/appointments`, no conflicts', apiUrl, bookLua);
  const rss = rssMb(app.pid!);

  // One search at a time, as a desk types: median and p95 of 30 after 5 to warm.
  const singles: [string, number, number][] = [];
  const headers = { authorization: `Bearer ${token}` };
  for (const q of SEARCHES) {
    const times: number[] = [];
    for (let i = 0; i < 35; i++) {
      const t0 = performance.now();
      const res = await fetch(`${apiUrl}/api/patients?q=${encodeURIComponent(q)}`, { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`search ${q}: ${res.status}`);
      if (i >= 5) times.push(performance.now() - t0);
    }
    singles.push([q, percentile(times, 50), percentile(times, 95)]);
  }

  // The database's ceiling for the same audited read: pgbench, the app's statement, the same concurrency.
  let ceiling: number | undefined;
  if (env.BENCH_PGBENCH !== '0' && spawnSync('pgbench', ['--version']).error === undefined) {
    const values: Record<string, string> = {
      audit_actorId: admin.id,
      audit_actorRole: 'admin',
      audit_action: 'read',
      audit_resourceType: 'patient',
      audit_requestId: 'pgbench',
      audit_ip: '127.0.0.1',
      audit_userAgent: 'pgbench',
    };
    const idSql = PATIENT_ID_SQL('(:n)::int');
    const statement = readQuery.sql.replace(/\$(\d+)/g, (_, k: string) => {
      const name = (readQuery.params[Number(k) - 1] as { name: string }).name;
      if (name === 'id' || name === 'audit_resourceId' || name === 'audit_patientId') return idSql;
      return `:${name}`;
    });
    const script = join(work, 'read.sql');
    writeFileSync(script, `\\set n random(1, ${PATIENTS})\n${statement.replace(/\s+/g, ' ')};\n`);
    const out = spawnSync(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(CONNECTIONS),
        '-j',
        '2',
        '-T',
        String(SECONDS),
        '-f',
        script,
        ...Object.entries(values).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
        dbUrl,
      ],
      { encoding: 'utf8' },
    );
    const tps = /tps = ([\d.]+)/.exec(out.stdout);
    if (tps) ceiling = Number(tps[1]);
    else console.log(`pgbench failed:\n${out.stdout}\n${out.stderr}`);
  }

  const bareRps = rows[0]![1].rps;
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `\n${new Date().toISOString().slice(0, 10)}, commit ${commit}: ${PATIENTS.toLocaleString('en-US')} patients, PostgreSQL, wrk -t2 -c${CONNECTIONS} -d${SECONDS}s, app pool ${POOL}, each part in its own process\n`,
  );
  console.log('| case | req/s | p50 | p99 | non-2xx | vs bare route | CPU µs/req |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, r] of rows) {
    console.log(
      `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(1)} ms | ${r.non2xx + r.errors} | ${(r.rps / bareRps).toFixed(3)} | ${r.cpuUs.toFixed(0)} |`,
    );
  }
  if (ceiling !== undefined) {
    const read = rows.find(([name]) => name.includes(':id'))?.[1].rps ?? 0;
    console.log(
      `\nDatabase ceiling for the audited read (pgbench -M prepared -c ${CONNECTIONS}, same statement): ${ceiling.toFixed(0)} tps; app/db = ${(read / ceiling).toFixed(2)}`,
    );
  }
  console.log(`App RSS after the load: ${rss.toFixed(0)} MB`);
  console.log('\n| one search | p50 | p95 |\n|---|---:|---:|');
  for (const [q, p50, p95] of singles)
    console.log(`| \`${q}\` | ${p50.toFixed(1)} ms | ${p95.toFixed(1)} ms |`);
  if (!only || only.includes('slots')) {
    const slots = await slotQueryTimes(serverUrl);
    console.log('\nThe slot query: one practitioner, 4 weeks, 5,000 appointments (goal p95 ≤ 30 ms):');
    console.log('| slot query | p50 | p95 | slots |\n|---|---:|---:|---:|');
    console.log(
      `| \`GET /api/slots\` (service, PostgreSQL) | ${slots.p50.toFixed(1)} ms | ${slots.p95.toFixed(1)} ms | ${slots.slots} |`,
    );
  }
  if (env.BENCH_PGLITE !== '0') {
    console.log('\nEmbedded PGlite with 100,000 patients, one search at a time (in process):');
    console.log('| one search | p50 | p95 |\n|---|---:|---:|');
    for (const [q, p50, p95] of await pgliteSearchTimes(100_000))
      console.log(`| \`${q}\` | ${p50.toFixed(1)} ms | ${p95.toFixed(1)} ms |`);
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await adminQuery(serverUrl, `drop database if exists ${dbName} with (force)`);
}

// The failover drill: a two-zone clinic from real parts on this machine, broken on purpose.
// `npm run drill` (all four scenarios, report under docs/drill/) or `npm run drill -- --short`
// (scenarios 1 and 3, report under test-results/drill/; for CI). See docs/operations.md.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSigningJwk } from '../../src/auth/keys.js';
import { ensureHaproxy, haproxyConfig, startHaproxy, type Replica } from './haproxy.js';
import { Load } from './load.js';
import * as pgx from './postgres.js';
import { freePort, sleep, start, stop, stopAll, until, type Proc } from './processes.js';
import { failuresByStatus, markdown, svg, windowOf, type ScenarioResult } from './report.js';

const short = process.argv.includes('--short');
const API_DIR = fileURLToPath(new URL('../..', import.meta.url));
const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
const outDir = short ? join(REPO, 'test-results/drill') : join(REPO, 'docs/drill');
const work = mkdtempSync(join(tmpdir(), 'medicare-drill-'));
chmodSync(work, 0o755);
const log = (name: string) => join(work, `${name}.log`);
const say = (text: string) => process.stdout.write(`drill: ${text}\n`);
const ADMIN = { email: 'drill.admin@clinic.test', password: 'quiet-orbit-lantern-47' };
const STANDBY = 'zone_b';
// Bounded: the whole drill gives up after this long, whatever happens.
const giveUp = setTimeout(
  () => {
    say('took too long; stopping everything');
    void teardown().then(() => process.exit(2));
  },
  short ? 170_000 : 600_000,
);

const pgA: pgx.PgNode = { name: 'pg_a', dir: join(work, 'pg-a'), port: 0, checkPort: 0 };
const pgB: pgx.PgNode = { name: 'pg_b', dir: join(work, 'pg-b'), port: 0, checkPort: 0 };
let redis: Proc | undefined;
let haproxy: Proc | undefined;
const running = new Map<string, Proc>();

async function teardown(keepLogs = false) {
  for (const proc of running.values()) await stop(proc, 'SIGKILL', 5_000);
  if (haproxy) await stop(haproxy, 'SIGKILL', 5_000);
  if (redis) await stop(redis, 'SIGKILL', 5_000);
  pgA.checker?.close();
  pgB.checker?.close();
  await pgx.pgStop(pgA, log('pg'));
  await pgx.pgStop(pgB, log('pg'));
  await stopAll();
  if (!keepLogs) rmSync(work, { recursive: true, force: true });
}

async function main() {
  const haproxyBin = ensureHaproxy();
  for (const n of [pgA, pgB]) [n.port, n.checkPort] = [await freePort(), await freePort()];
  const [httpPort, dbPort, redisPort] = [await freePort(), await freePort(), await freePort()];

  say(`PostgreSQL 15 primary (zone A) on ${pgA.port}, synchronous standby (zone B) on ${pgB.port}`);
  await pgx.initPrimary(pgA, log('pg'), STANDBY);
  await pgx.pgStart(pgA, log('pg'));
  await pgx.baseBackup(pgA, pgB, log('pg'), STANDBY);
  await pgx.pgStart(pgB, log('pg'));
  await pgx.waitForSyncStandby(pgA, STANDBY);
  await pgx.query(pgA.port, 'create database medicare');
  await pgx.startRoleCheck(pgA);
  await pgx.startRoleCheck(pgB);

  const startRedis = () =>
    start(
      'redis',
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        log: log('redis'),
      },
    );
  redis = startRedis();

  const services = ['patients', 'appointments', 'core'];
  const replicas: Replica[] = [];
  for (const zone of ['a', 'b'] as const)
    for (const s of services)
      replicas.push({ name: `${s}_${zone}`, zone, services: s, port: await freePort() });
  haproxy = startHaproxy(
    haproxyBin,
    join(work, 'haproxy.cfg'),
    haproxyConfig({ httpPort, dbPort, replicas, pg: [pgA, pgB] }),
    log('haproxy'),
  );

  const { privateJwk, publicJwk } = await generateSigningJwk();
  const metricsPorts = new Map<string, number>();
  for (const r of replicas) metricsPorts.set(r.name, await freePort());
  const startReplica = async (r: Replica) => {
    const proc = start(
      r.name,
      process.execPath,
      ['--import', 'tsx', '--conditions=@medicare/source', 'src/server.ts'],
      {
        cwd: API_DIR,
        log: log(r.name),
        env: {
          PORT: String(r.port),
          HOST: '127.0.0.1',
          SERVICES: r.services,
          DATABASE_URL: pgx.urlOf(dbPort, 'medicare'),
          DATABASE_CONNECT_TIMEOUT_MS: '1000',
          DATABASE_POOL_MAX: '10',
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          AUTH_PUBLIC_KEYS: JSON.stringify({ keys: [publicJwk] }),
          ...(r.services === 'core'
            ? {
                AUTH_PRIVATE_KEY: JSON.stringify(privateJwk),
                ADMIN_EMAIL: ADMIN.email,
                ADMIN_PASSWORD: ADMIN.password,
              }
            : {}),
          METRICS_PORT: String(metricsPorts.get(r.name)),
          SHUTDOWN_DRAIN_MS: '1500',
          RATE_LIMIT_PER_MINUTE: '1000000',
          SEED_DEMO: 'false',
          LOG_LEVEL: 'warn',
        },
      },
    );
    running.set(r.name, proc);
    await until(
      `${r.name} ready`,
      async () => (await fetch(`http://127.0.0.1:${r.port}/health/ready`)).ok,
      60_000,
    );
  };
  // One first, so that migrations run once; then the rest at once.
  await startReplica(replicas.find((r) => r.services === 'core')!);
  await Promise.all(replicas.filter((r) => !running.has(r.name)).map(startReplica));
  // HAProxy sees every replica up (rise 2 × 500 ms).
  await sleep(1_500);
  say(`six API replicas (patients, appointments, core × zones A, B) behind HAProxy on ${httpPort}`);

  const load = new Load(`http://127.0.0.1:${httpPort}`, ADMIN, 6);
  await load.start();
  const results: ScenarioResult[] = [];
  const settle = short ? 4_000 : 8_000;

  const scenario = async (
    name: string,
    goal: { maxWindowS?: number; noFailures?: boolean },
    fault: () => Promise<string[]>,
  ) => {
    const from = Date.now();
    const ackedBefore = load.acks.length;
    const failedBefore = load.failed.length;
    await sleep(short ? 2_000 : 4_000);
    const injectedAt = Date.now();
    say(`${name}: injecting`);
    const notes = await fault();
    // Run on until every operation started during the fault has finished (20 s budget) and a little more.
    await sleep(settle);
    const to = Date.now();
    const attempts = load.attempts.filter((a) => a.at >= from && a.at < to);
    const { errorWindowS, recoveryS } = windowOf(attempts, injectedAt);
    const failedAfterRetries = load.failed.length - failedBefore;
    const result: ScenarioResult = {
      name,
      injectedAt,
      from,
      to,
      sent: attempts.length,
      failedAttempts: failuresByStatus(attempts),
      failedAfterRetries,
      errorWindowS,
      recoveryS,
      writesAcked: load.acks.length - ackedBefore,
      writesMissing: 0,
      writesDuplicated: 0,
      goal: [
        'no acknowledged write lost',
        goal.noFailures ? 'no failure after retries' : '',
        goal.maxWindowS ? `error window < ${goal.maxWindowS} s` : '',
      ]
        .filter(Boolean)
        .join('; '),
      met: true,
      notes,
    };
    result.met =
      (!goal.noFailures || failedAfterRetries === 0) && (!goal.maxWindowS || errorWindowS < goal.maxWindowS);
    results.push(result);
    say(
      `${name}: ${JSON.stringify({ sent: result.sent, failed: result.failedAttempts, failedAfterRetries, errorWindowS, recoveryS })}`,
    );
  };

  const patientsA = replicas.find((r) => r.name === 'patients_a')!;
  await scenario('1: kill -9 one API replica', { maxWindowS: 5, noFailures: true }, async () => {
    await stop(running.get(patientsA.name)!, 'SIGKILL');
    // ECS starts a replacement task; here, the same replica again.
    await startReplica(patientsA);
    return ['the killed replica is replaced (as ECS would), and rejoins after its health checks pass'];
  });

  if (!short) {
    await scenario('2: rolling restart of every replica', { noFailures: true }, async () => {
      for (const r of replicas) {
        await stop(running.get(r.name)!, 'SIGTERM');
        await startReplica(r);
        await sleep(1_200); // HAProxy's rise: 2 checks 500 ms apart
      }
      return [
        'one replica at a time: SIGTERM (readiness 503, 1.5 s drain, close), start again, wait until ready',
      ];
    });
  }

  await scenario('3: zone A fails; standby promoted', { maxWindowS: 30 }, async () => {
    const zoneA = replicas.filter((r) => r.zone === 'a');
    await Promise.all(zoneA.map((r) => stop(running.get(r.name)!, 'SIGKILL')));
    pgx.pgKill(pgA);
    pgA.checker?.close();
    const died = Date.now();
    // Detection and promotion, as Aurora's failover does it: a few seconds after the primary stops answering.
    await sleep(3_000);
    await pgx.promote(pgB, log('pg'));
    const promoted = Date.now();
    // ECS replaces zone A's tasks in the surviving zone.
    await Promise.all(zoneA.map(startReplica));
    return [
      `zone A's three replicas and its PostgreSQL primary killed with SIGKILL at once; zone B's standby promoted ${((promoted - died) / 1000).toFixed(1)} s later (3 s detection, as a failover controller would)`,
      'the app reaches the new primary through HAProxy, which sends database connections to whichever node reports itself primary',
      "zone A's replicas are replaced (ECS would start them in zone B)",
    ];
  });

  if (!short) {
    await scenario('4: Redis dies and comes back', { noFailures: true }, async () => {
      await stop(redis!, 'SIGKILL');
      await sleep(5_000);
      redis = startRedis();
      return [
        'Redis killed with SIGKILL, started again 5 s later, empty (rate-limit counters fall back to each process)',
      ];
    });
  }

  await load.stop();
  // Every acknowledged write must be in the database that survived, exactly once.
  const survivor = pgB.port;
  const ids = load.acks.map((a) => a.id);
  const found = await pgx.query<{ id: string }>(
    survivor,
    'select id::text from patients where id = any($1::uuid[])',
    [ids],
    'medicare',
  );
  const have = new Set(found.map((f) => f.id));
  const names = load.acks.map((a) => a.givenName);
  const dupes = await pgx.query<{ given_name: string; n: number }>(
    survivor,
    'select given_name, count(*)::int as n from patients where given_name = any($1) group by given_name having count(*) > 1',
    [names],
    'medicare',
  );
  const dupeNames = new Set(dupes.map((d) => d.given_name));
  // Attribute each acknowledged write to the scenario whose window it was acknowledged in.
  load.acks.forEach((a, i) => {
    const at = load.ackTimes[i] ?? 0;
    const r = results.find((x) => at >= x.from && at < x.to) ?? results[results.length - 1]!;
    if (!have.has(a.id)) r.writesMissing++;
    if (dupeNames.has(a.givenName)) r.writesDuplicated++;
  });
  for (const r of results) if (r.writesMissing > 0 || r.writesDuplicated > 0) r.met = false;

  mkdirSync(outDir, { recursive: true });
  const setup = [
    'Two zones on one machine: HAProxy 2.6 (Debian) in front of six API replicas (patients, appointments, core in zone A and in zone B), active checks of /health/ready every 500 ms, retries on refused connections, empty answers and 503.',
    'PostgreSQL 15 (Debian binaries): primary in zone A, synchronous streaming standby in zone B; the app connects through HAProxy, which routes to the node that reports itself primary.',
    'Redis (its own redis-server). Load: 6 clients, half creates (with Idempotency-Key), half reads, each operation retried with the same key for up to 20 s.',
    `Total: ${load.attempts.length} requests, ${load.acks.length} writes acknowledged, ${ids.length - have.size} missing after the drill, ${dupes.length} created twice; ${load.lostAnswers} answers lost after commit (409 IDEMPOTENCY_RESPONSE_LOST).`,
  ];
  writeFileSync(
    join(outDir, 'README.md'),
    markdown(results, {
      command: short ? 'npm run drill -- --short' : 'npm run drill',
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      setup,
    }),
  );
  writeFileSync(join(outDir, 'timeline.svg'), svg(load.attempts, results));
  say(`report: ${join(outDir, 'README.md')}`);
  for (const r of results) say(`${r.met ? 'met   ' : 'MISSED'} ${r.name}`);
  return results.every((r) => r.met);
}

main()
  .then(async (met) => {
    clearTimeout(giveUp);
    await teardown();
    process.exit(met ? 0 : 1);
  })
  .catch(async (error: unknown) => {
    clearTimeout(giveUp);
    say(`failed: ${(error as Error).stack ?? String(error)}`);
    say(`logs kept in ${work}`);
    await teardown(true).catch(() => {});
    process.exit(2);
  });

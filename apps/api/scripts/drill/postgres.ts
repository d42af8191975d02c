import { appendFileSync, chownSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { run, until } from './processes.js';

const BIN = '/usr/lib/postgresql/15/bin';

/** PostgreSQL refuses to run as root: as root, run its binaries as the `postgres` OS user. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

export type PgNode = {
  name: string;
  dir: string;
  port: number;
  /** Port of its role check (HTTP 200 when primary), as Patroni's REST API is to HAProxy. */
  checkPort: number;
  checker?: Server;
};

function chownToPostgres(path: string) {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chownSync(path, uid, gid);
}

export async function initPrimary(node: PgNode, log: string, standbyName: string) {
  mkdirSync(node.dir, { recursive: true, mode: 0o700 });
  chownToPostgres(node.dir);
  const [cmd, args] = asPostgres(`${BIN}/initdb`, [
    '-D',
    node.dir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
  ]);
  await run(cmd, args, { log });
  appendFileSync(
    join(node.dir, 'postgresql.conf'),
    [
      `port = ${node.port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${node.dir}'`,
      `wal_level = replica`,
      `max_wal_senders = 5`,
      `wal_keep_size = '256MB'`,
      `hot_standby = on`,
      // Synchronous: a commit is acknowledged only once the standby in zone B has it.
      `synchronous_standby_names = '${standbyName}'`,
      `synchronous_commit = on`,
      `max_connections = 200`,
      '',
    ].join('\n'),
  );
}

export async function pgStart(node: PgNode, log: string) {
  const [cmd, args] = asPostgres(`${BIN}/pg_ctl`, [
    '-D',
    node.dir,
    '-l',
    join(node.dir, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  await run(cmd, args, { log });
}

export async function baseBackup(primary: PgNode, standby: PgNode, log: string, standbyName: string) {
  mkdirSync(standby.dir, { recursive: true, mode: 0o700 });
  chownToPostgres(standby.dir);
  const conn = `host=127.0.0.1 port=${primary.port} user=postgres application_name=${standbyName}`;
  const [cmd, args] = asPostgres(`${BIN}/pg_basebackup`, [
    '-d',
    conn,
    '-D',
    standby.dir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  await run(cmd, args, { log });
  // Its own port and socket; once promoted it has no standby of its own to wait for.
  appendFileSync(
    join(standby.dir, 'postgresql.auto.conf'),
    `port = ${standby.port}\nunix_socket_directories = '${standby.dir}'\nsynchronous_standby_names = ''\n`,
  );
}

export async function promote(node: PgNode, log: string) {
  const [cmd, args] = asPostgres(`${BIN}/pg_ctl`, ['-D', node.dir, '-w', '-t', '60', 'promote']);
  await run(cmd, args, { log });
}

export async function pgStop(node: PgNode, log: string) {
  const [cmd, args] = asPostgres(`${BIN}/pg_ctl`, ['-D', node.dir, '-m', 'immediate', '-w', 'stop']);
  await run(cmd, args, { log }).catch(() => {});
}

/** kill -9 of the postmaster: the zone's database server dies without warning. */
export function pgKill(node: PgNode) {
  const pid = Number(readFileSync(join(node.dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
}

export const urlOf = (port: number, database = 'postgres') =>
  `postgres://postgres@127.0.0.1:${port}/${database}`;

export async function query<T>(port: number, text: string, values: unknown[] = [], database = 'postgres') {
  const client = new pg.Client({
    connectionString: urlOf(port, database),
    connectionTimeoutMillis: 1_000,
    query_timeout: 5_000,
  });
  // A server killed mid-query (the drill does that) emits 'error' on the client; the query rejects anyway.
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The role check HAProxy asks before sending database connections to a node: 200 when the node
 * answers and is not in recovery (it is the primary), 503 otherwise.
 */
export async function startRoleCheck(node: PgNode): Promise<void> {
  node.checker = createServer((_req, res) => {
    query<{ standby: boolean }>(node.port, 'select pg_is_in_recovery() as standby').then(
      ([row]) =>
        res.writeHead(row?.standby === false ? 200 : 503).end(row?.standby ? 'standby\n' : 'primary\n'),
      () => res.writeHead(503).end('down\n'),
    );
  });
  await new Promise<void>((resolve) => node.checker!.listen(node.checkPort, '127.0.0.1', resolve));
}

export async function waitForSyncStandby(primary: PgNode, standbyName: string) {
  await until('the synchronous standby', async () => {
    const rows = await query<{ sync_state: string }>(
      primary.port,
      'select sync_state from pg_stat_replication where application_name = $1',
      [standbyName],
    );
    return rows[0]?.sync_state === 'sync';
  });
}

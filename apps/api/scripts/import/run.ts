// `npm run import -- sqlite <file.db> [--mapping map.json] [--time-zone America/New_York] [--dry-run]
//   [--operator <email>] [--overlap cancel|skip] [--source <name>] [--report <dir>]`
// Migrates a legacy SQLite clinic into the configured database (PGlite under DATA_DIR, or DATABASE_URL),
// after running migrations. docs/data.md explains the mapping file and the report.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../src/config.js';
import { bootstrapUsers } from '../../src/db/bootstrap-users.js';
import { openDatabase } from '../../src/db/open.js';
import { importSqlite, MappingError, reportMarkdown } from '../../src/modules/imports/index.js';

const USAGE =
  'usage: npm run import -- sqlite <file.db> [--mapping map.json] [--time-zone America/New_York] [--dry-run] [--operator <email>] [--overlap cancel|skip] [--source <name>] [--report <dir>]';

function fail(message: string): never {
  process.stderr.write(`import: ${message}\n`);
  process.exit(1);
}

const { values: flags, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        mapping: { type: 'string' },
        'time-zone': { type: 'string', default: Intl.DateTimeFormat().resolvedOptions().timeZone },
        'dry-run': { type: 'boolean', default: false },
        operator: { type: 'string' },
        overlap: { type: 'string', default: 'cancel' },
        source: { type: 'string' },
        report: { type: 'string', default: '.' },
        'batch-size': { type: 'string', default: '1000' },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();

const [kind, file] = positionals;
if (kind !== 'sqlite' || !file) fail(USAGE);
if (flags.overlap !== 'cancel' && flags.overlap !== 'skip') fail('--overlap is cancel or skip');
const batchSize = Number(flags['batch-size']);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) fail('--batch-size is 1 to 10000');

let mappingFile: unknown;
if (flags.mapping) {
  try {
    mappingFile = JSON.parse(readFileSync(flags.mapping, 'utf8'));
  } catch (error) {
    fail(`--mapping ${flags.mapping}: ${(error as Error).message}`);
  }
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
// An import runs long statements of many rows; the server's per-request limit is not for it.
if (config.database.kind === 'postgres')
  config = { ...config, database: { ...config.database, statementTimeoutMs: 120_000 } };

/** A progress bar on a terminal; one line per table elsewhere (a log must not fill with redraws). */
const tty = process.stderr.isTTY;
let lastTable = '';
function progress(table: string, done: number, total: number) {
  if (tty) {
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    process.stderr.write(
      `\r${table.padEnd(13)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `,
    );
    if (done === total) process.stderr.write('\n');
  } else if (table !== lastTable || done === total) {
    if (done === total) process.stderr.write(`${table}: ${total} rows\n`);
  }
  lastTable = table;
}

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  process.stderr.write('\nimport: stopping after the batch in flight (Ctrl-C again to quit now)\n');
  controller.abort();
});

const database = await openDatabase(config);
try {
  // A new installation has no users yet: ADMIN_EMAIL/ADMIN_PASSWORD make the first admin, as the server would.
  if (config.admin) await bootstrapUsers(database, config);
  const started = performance.now();
  const report = await importSqlite(database, {
    file: resolve(file),
    mappingFile,
    source: flags.source,
    operatorEmail: flags.operator,
    timeZone: flags['time-zone'],
    overlap: flags.overlap,
    dryRun: flags['dry-run'],
    batchSize,
    // Two connections write at once on a server (two cores at least); PGlite is one connection.
    lanes: config.database.kind === 'postgres' ? 2 : 1,
    signal: controller.signal,
    onProgress: progress,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  mkdirSync(flags.report, { recursive: true });
  const base = join(flags.report, `import-report-${report.runId}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, reportMarkdown(report));
  for (const [table, c] of Object.entries(report.tables)) {
    process.stdout.write(
      `${table.padEnd(13)} read ${c.read}, imported ${c.imported}, updated ${c.updated}, skipped ${c.skipped}, rejected ${c.rejected}\n`,
    );
  }
  process.stdout.write(
    `${report.dryRun ? 'dry run, nothing written; ' : ''}${report.complete ? 'done' : 'stopped early (run again to resume)'} in ${seconds} s; report: ${base}.md and .json\n`,
  );
  process.exitCode = report.complete ? 0 : 2;
} catch (error) {
  if (error instanceof MappingError) fail(error.message);
  throw error;
} finally {
  await database.close();
}

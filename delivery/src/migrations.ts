// How a one-off task applies the database migrations with the image itself, before a deploy changes code.

/**
 * The container command of the one-off migration task: open the configured database (which applies the
 * checked-in SQL migrations under an advisory lock, as every server start does) and exit. It runs from the
 * image's WORKDIR with the task's environment, so it sees exactly the database the services will see.
 */
export const MIGRATE_COMMAND: readonly string[] = [
  'node',
  '--input-type=module',
  '-e',
  [
    "const { loadConfig } = await import('./apps/api/dist/config.js');",
    "const { openDatabase } = await import('./apps/api/dist/db/open.js');",
    'const database = await openDatabase(loadConfig());',
    'await database.close();',
    "console.log(JSON.stringify({ msg: 'migrations applied' }));",
  ].join(' '),
];

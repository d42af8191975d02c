import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export const ADMIN = { email: 'admin@e2e.medicare.test', password: 'quiet-orbit-lantern-47' };

const root = fileURLToPath(new URL('../../../', import.meta.url));
const serverJs = join(root, 'apps/api/dist/server.js');
const webIndex = join(root, 'apps/web/dist/index.html');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function waitForUp(child: ChildProcess, log: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 90 s:\n${log.join('')}`)),
      90_000,
    );
    const onData = (chunk: Buffer) => {
      log.push(chunk.toString());
      if (log.join('').includes('MediCare Hub is up')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was up:\n${log.join('')}`));
    });
  });
}

/**
 * The real server on an embedded database in a temporary directory, with the demo clinic and one
 * admin, built by `npm run build` (the API and this app's dist/). Stopped with SIGTERM afterwards.
 */
export default async function setup(project: TestProject) {
  for (const file of [serverJs, webIndex])
    if (!existsSync(file))
      throw new Error(`${file} is missing: run \`npm run build\` at the repository root first.`);
  const dataDir = mkdtempSync(join(tmpdir(), 'medicare-e2e-'));
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(process.execPath, [serverJs], {
    cwd: root,
    env: {
      // The server's own configuration only: never a database or Redis from the caller's environment.
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([key]) => !/^(DATABASE_URL|PG[A-Z]+|REDIS_[A-Z_]+|SERVICES|S3_BUCKET)$/.test(key),
        ),
      ),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'info',
      // No load shedding: Chromium and the server share a busy CPU, where the event loop can lag past
      // the default 1 s and a page's request then got 503 OVERLOADED at random. The API's own tests
      // cover shedding.
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      // The embedded reminder worker looks for due reminders every 2 s rather than 30 s, so a reminder
      // falling due during a test reaches the outbox within it (e2e/reminders.test.ts).
      REMINDER_POLL_SECONDS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForUp(child, log);
  child.stdout?.removeAllListeners('data');
  child.stderr?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  project.provide('baseUrl', `http://127.0.0.1:${port}`);

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

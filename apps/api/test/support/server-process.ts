import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { TEST_PASSWORD } from './app.js';

const API_DIR = fileURLToPath(new URL('../..', import.meta.url));

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  logs: string[];
  /** The exit code, once the process has exited. */
  exited: Promise<number | null>;
  /** Resolves when a log line containing `text` has been written (or already was). */
  waitForLog: (text: string) => Promise<void>;
  /** Sends a signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/**
 * How long a test that starts server processes may take: each compiles and starts src/server.ts, which
 * on a busy shared CPU alone took more than the default 30 s and failed such tests at random.
 */
export const SERVER_PROCESS_TIMEOUT_MS = 180_000;

/**
 * Starts src/server.ts as its own process, exactly as `npm start` would run the built file,
 * and resolves once it logs that it listens. Port 0 is not allowed by the readiness line, so
 * callers pass a free port.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@medicare/source', 'src/server.ts'],
    {
      cwd: API_DIR,
      // No drain wait unless asked; the metrics listener is off by default, as a README reader gets it.
      // No load shedding: on a busy shared CPU start-up alone can lag the event loop past 1 s, and the
      // first requests then got 503 OVERLOADED at random (test/http/overload.test.ts tests the shedding).
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SHUTDOWN_DRAIN_MS: '0',
        OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: string[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const lines = createInterface({ input: child.stdout! });
  const waiters: { text: string; resolve: () => void }[] = [];
  lines.on('line', (line) => {
    for (const w of waiters.filter((w) => line.includes(w.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));
  const up = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      logs.push(line);
      if (line.includes('MediCare Hub is up')) resolve(`http://127.0.0.1:${env.PORT}`);
    });
    void exited.then((code) =>
      reject(new Error(`server exited with ${code} before listening:\n${logs.join('\n')}`)),
    );
  });
  const url = await up;
  return {
    url,
    child,
    logs,
    exited,
    waitForLog: (text) =>
      logs.some((l) => l.includes(text))
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ text, resolve })),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export { freePort } from './postgres-server.js';

/** The first admin every server process here is started with (ADMIN_EMAIL, ADMIN_PASSWORD). */
export const FIRST_ADMIN = { ADMIN_EMAIL: 'first.admin@clinic.test', ADMIN_PASSWORD: TEST_PASSWORD };

/** Signs the first admin in at `url` and returns the access token. */
export async function signInFirstAdmin(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: FIRST_ADMIN.ADMIN_EMAIL, password: FIRST_ADMIN.ADMIN_PASSWORD }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

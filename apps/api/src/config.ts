import Type from 'typebox';
import Value from 'typebox/value';

/** Modules one process can mount; which paths each owns is in DESIGN.md §2. */
export const SERVICE_NAMES = ['patients', 'appointments', 'core'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  SERVICES: Type.String({
    default: 'all',
    pattern: '^(all|(patients|appointments|core)(,(patients|appointments|core))*)$',
    description: 'all, or a comma-separated list of patients, appointments, core',
  }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DATA_DIR: Type.String({ minLength: 1, default: './.data' }),
  SEED_DEMO: Type.Optional(Type.Boolean()),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3, maxLength: 63 })),
  AWS_REGION: Type.Optional(Type.String({ minLength: 1 })),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576 }),
  WEB_DIST_DIR: Type.Optional(Type.String({ minLength: 1 })),
});

type Env = Type.Static<typeof EnvSchema>;

export type Config = Readonly<{
  port: number;
  host: string;
  services: ReadonlySet<ServiceName>;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolMax: number };
  dataDir: string;
  seedDemo: boolean | undefined;
  redisUrl: string | undefined;
  s3Bucket: string | undefined;
  awsRegion: string | undefined;
  admin: { email: string; password: string } | undefined;
  logLevel: Env['LOG_LEVEL'];
  bodyLimitBytes: number;
  webDistDir: string | undefined;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Parses the environment once, against one schema; every bad variable gets its own line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .map((key) => [key, env[key] === '' ? undefined : env[key]] as const)
      .filter(([, value]) => value !== undefined),
  );
  const value = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw)) as Env;
  const problems = Value.Errors(EnvSchema, value)
    .filter((e) => e.keyword !== 'anyOf')
    .map(
      (e) =>
        `${e.instancePath.slice(1) || '(environment)'}: ${e.message} (got ${JSON.stringify(raw[e.instancePath.slice(1)])})`,
    );
  if ((value.ADMIN_EMAIL === undefined) !== (value.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);

  const services = value.SERVICES === 'all' ? SERVICE_NAMES : (value.SERVICES.split(',') as ServiceName[]);
  return Object.freeze({
    port: value.PORT,
    host: value.HOST,
    services: new Set(services),
    database: value.DATABASE_URL
      ? { kind: 'postgres' as const, url: value.DATABASE_URL, poolMax: value.DATABASE_POOL_MAX }
      : { kind: 'pglite' as const, dataDir: `${value.DATA_DIR}/pg` },
    dataDir: value.DATA_DIR,
    seedDemo: value.SEED_DEMO,
    redisUrl: value.REDIS_URL,
    s3Bucket: value.S3_BUCKET,
    awsRegion: value.AWS_REGION,
    admin:
      value.ADMIN_EMAIL && value.ADMIN_PASSWORD
        ? { email: value.ADMIN_EMAIL, password: value.ADMIN_PASSWORD }
        : undefined,
    logLevel: value.LOG_LEVEL,
    bodyLimitBytes: value.BODY_LIMIT_BYTES,
    webDistDir: value.WEB_DIST_DIR,
  });
}

import { randomBytes } from 'node:crypto';
import Type from 'typebox';
import Value from 'typebox/value';
import { SERVICE_NAMES, type ServiceName } from '@medicare/contracts';

/** Modules one process can mount; which paths each owns is contracts' ROUTE_OWNERS. */
export { SERVICE_NAMES, type ServiceName };
const SERVICE = `(${SERVICE_NAMES.join('|')})`;

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  SERVICES: Type.String({
    default: 'all',
    pattern: `^(all|${SERVICE}(,${SERVICE})*)$`,
    description: `all, or a comma-separated list of ${SERVICE_NAMES.join(', ')}`,
  }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  // libpq's variables, as ECS injects them from the database secret; used when DATABASE_URL is unset.
  PGHOST: Type.Optional(Type.String({ minLength: 1 })),
  PGPORT: Type.Integer({ minimum: 1, maximum: 65535, default: 5432 }),
  PGDATABASE: Type.Optional(Type.String({ minLength: 1 })),
  PGUSER: Type.Optional(Type.String({ minLength: 1 })),
  PGPASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  PGSSLMODE: Type.Optional(Type.Enum(['disable', 'require', 'verify-full'])),
  DB_SECRET_ARN: Type.Optional(Type.String({ pattern: '^arn:aws[a-z-]*:secretsmanager:' })),
  // false: this process connects as a service role that owns no tables; core's migration task migrates.
  DATABASE_MIGRATE: Type.Boolean({ default: true }),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 2_000 }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 20_000 }),
  SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 5_000 }),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1_000 }),
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
  // Off unless asked for: several processes on one machine (README's three services) must not fight over a port.
  METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 0 }),
  METRICS_HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  OTEL_SERVICE_NAME: Type.String({ minLength: 1, default: 'medicare-hub' }),
  DATA_DIR: Type.String({ minLength: 1, default: './.data' }),
  SEED_DEMO: Type.Optional(Type.Boolean()),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  // ElastiCache's parts, as ECS injects them; used when REDIS_URL is unset.
  REDIS_HOST: Type.Optional(Type.String({ minLength: 1 })),
  REDIS_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 6379 }),
  REDIS_TLS: Type.Boolean({ default: false }),
  REDIS_AUTH_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  AUTH_PRIVATE_KEY: Type.Optional(
    Type.String({ minLength: 2, description: 'Private JWK (JSON) that signs access tokens' }),
  ),
  AUTH_PUBLIC_KEYS: Type.Optional(
    Type.String({ minLength: 2, description: 'JWKS or JSON array of public JWKs accepted' }),
  ),
  CURSOR_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      description:
        'Seals paging cursors (HMAC); the same on every replica. Embedded mode: generated per process',
    }),
  ),
  AUTH_ISSUER: Type.String({ minLength: 1, default: 'medicare-hub' }),
  AUTH_AUDIENCE: Type.String({ minLength: 1, default: 'medicare-hub-api' }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 900, default: 600 }),
  SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 240, default: 30 }),
  SESSION_MAX_HOURS: Type.Integer({ minimum: 1, maximum: 24, default: 12 }),
  CORS_ORIGINS: Type.Optional(Type.String({ pattern: '^https?://[^,\\s]+(,https?://[^,\\s]+)*$' })),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600 }),
  CLINIC_LOCALE: Type.String({
    pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
    default: 'en-US',
    description: "The clinic's locale (BCP 47): how staff type dates, e.g. 01/21/1943 in en-US",
  }),
  TRUST_PROXY_HOPS: Type.Integer({
    minimum: 0,
    maximum: 5,
    default: 1,
    description: 'Proxies in front whose X-Forwarded-For entry is trusted (1: the load balancer; 0: none)',
  }),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3, maxLength: 63 })),
  AWS_REGION: Type.Optional(Type.String({ minLength: 1 })),
  S3_KMS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  DOCUMENT_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 524_288_000, default: 20_971_520 }),
  ASSISTANT_PROVIDER: Type.Enum(['offline', 'openai', 'bedrock'], { default: 'offline' }),
  ASSISTANT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 15_000 }),
  // WebSocket keep-alive: a ping at this interval keeps /ws under the ALB's 120 s idle timeout.
  WS_PING_INTERVAL_MS: Type.Integer({ minimum: 1_000, maximum: 110_000, default: 30_000 }),
  OPENAI_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  OPENAI_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  OPENAI_MODEL: Type.String({ minLength: 1, default: 'gpt-4o-mini' }),
  BEDROCK_MODEL_ID: Type.String({ minLength: 1, default: 'us.anthropic.claude-3-5-haiku-20241022-v1:0' }),
  EMBEDDINGS_PROVIDER: Type.Enum(['none', 'openai', 'bedrock'], { default: 'none' }),
  EMBEDDINGS_MODEL: Type.Optional(Type.String({ minLength: 1 })),
  EMBEDDINGS_DIMENSIONS: Type.Integer({ minimum: 64, maximum: 4096, default: 1024 }),
  VOICE_PROVIDER: Type.Enum(['none', 'aws'], { default: 'none' }),
  POLLY_VOICE_ID: Type.String({ minLength: 1, default: 'Joanna' }),
  TRANSCRIBE_LANGUAGE: Type.String({ minLength: 2, default: 'en-US' }),
  // Appointment reminders (docs/operations.md, "Reminders").
  REMINDER_OFFSETS_MINUTES: Type.String({
    pattern: '^\\d{1,5}(,\\d{1,5}){0,5}$',
    default: '1440,120',
    description:
      'Minutes before an appointment that reminders go out, comma-separated (default 24 h and 2 h)',
  }),
  REMINDER_WORKER: Type.Boolean({
    default: true,
    description: 'Run the reminder worker in a process that mounts the appointments service',
  }),
  REMINDER_POLL_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  REMINDER_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
  CLINIC_NAME: Type.String({ minLength: 1, maxLength: 100, default: 'MediCare Hub' }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  SMTP_HOST: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 587 }),
  SMTP_USER: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_FROM: Type.String({ minLength: 3, default: 'MediCare Hub <no-reply@medicare.local>' }),
  SMS_PROVIDER: Type.Enum(['outbox', 'sns'], { default: 'outbox' }),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576 }),
  APPOINTMENT_CANCEL_CUTOFF_HOURS: Type.Integer({ minimum: 0, maximum: 720, default: 24 }),
  WEB_DIST_DIR: Type.Optional(Type.String({ minLength: 1 })),
});

type Env = Type.Static<typeof EnvSchema>;

/** Values never repeated back in an error message. */
const SECRETS = new Set([
  'PGPASSWORD',
  'ADMIN_PASSWORD',
  'AUTH_PRIVATE_KEY',
  'CURSOR_SECRET',
  'REDIS_AUTH_TOKEN',
  'DATABASE_URL',
  'REDIS_URL',
  'OPENAI_API_KEY',
  'SMTP_URL',
  'SMTP_PASSWORD',
]);
const shown = (name: string, raw: Record<string, unknown>) =>
  SECRETS.has(name) ? '(value hidden)' : JSON.stringify(raw[name]);

type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | {
      kind: 'postgres';
      url: string;
      poolMax: number;
      connectTimeoutMs: number;
      statementTimeoutMs: number;
      ssl?: 'require' | 'verify-full';
      /** Re-read the password from this secret (RDS rotates it). */
      passwordSecretArn?: string;
      /** false: never migrate (a service role without DDL rights; core's task migrates). Default true. */
      migrate?: boolean;
    };

/** Medical documents and the knowledge base (docs/api.md, "Documents"). */
type StorageConfig =
  | { kind: 'local'; dir: string }
  | { kind: 's3'; bucket: string; region?: string; kmsKeyId?: string; endpoint?: string };

/** The AI helper's model (docs/api.md, "Assistant"). */
type AssistantProviderConfig =
  | { kind: 'offline' }
  | { kind: 'openai'; baseUrl: string; apiKey?: string; model: string }
  | { kind: 'bedrock'; modelId: string; region?: string };

/** Vector retrieval beside full-text ranking; none = full-text only. */
type EmbeddingsConfig =
  | { kind: 'none' }
  | { kind: 'openai'; baseUrl: string; apiKey?: string; model: string; dimensions: number }
  | { kind: 'bedrock'; modelId: string; region?: string; dimensions: number };

/** Where reminder e-mail goes: an SMTP server, or (none configured) the outbox the desk reads. */
type EmailChannelConfig =
  | { kind: 'outbox' }
  | {
      kind: 'smtp';
      url?: string;
      host?: string;
      port: number;
      user?: string;
      password?: string;
      from: string;
    };

type VoiceConfig = { kind: 'none' } | { kind: 'aws'; region?: string; voiceId: string; language: string };

/**
 * The parsed configuration: derived from what loadConfig() builds out of the one schema, never
 * written out a second time (a hand-written copy drifts: it had grown two fields nothing read).
 */
export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Parses the environment once, against one schema; every bad variable gets its own line. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
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
        `${e.instancePath.slice(1) || '(environment)'}: ${e.message} (got ${shown(e.instancePath.slice(1), raw)})`,
    );
  if ((value.ADMIN_EMAIL === undefined) !== (value.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }

  if (!value.DATABASE_URL && value.PGHOST && (!value.PGUSER || !value.PGDATABASE)) {
    problems.push('PGHOST: needs PGUSER and PGDATABASE too (or set DATABASE_URL)');
  }
  if (value.ASSISTANT_PROVIDER === 'openai' && !value.OPENAI_BASE_URL) {
    problems.push(
      'OPENAI_BASE_URL: required when ASSISTANT_PROVIDER=openai (e.g. http://localhost:11434/v1)',
    );
  }
  if (value.EMBEDDINGS_PROVIDER === 'openai' && !value.OPENAI_BASE_URL) {
    problems.push('OPENAI_BASE_URL: required when EMBEDDINGS_PROVIDER=openai');
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);

  const services = value.SERVICES === 'all' ? SERVICE_NAMES : (value.SERVICES.split(',') as ServiceName[]);
  const database = databaseOf(value);
  return Object.freeze({
    port: value.PORT,
    host: value.HOST,
    services: new Set(services) as ReadonlySet<ServiceName>,
    database,
    dataDir: value.DATA_DIR,
    seedDemo: value.SEED_DEMO,
    redisUrl: value.REDIS_URL ?? redisUrlOf(value),
    auth: {
      privateKey: value.AUTH_PRIVATE_KEY,
      publicKeys: value.AUTH_PUBLIC_KEYS,
      issuer: value.AUTH_ISSUER,
      audience: value.AUTH_AUDIENCE,
      accessTokenTtlSeconds: value.ACCESS_TOKEN_TTL_SECONDS,
      sessionIdleMinutes: value.SESSION_IDLE_MINUTES,
      sessionMaxHours: value.SESSION_MAX_HOURS,
    },
    // The embedded database is one process's, so its own random key serves; replicas must share one.
    cursorSecret:
      value.CURSOR_SECRET ?? (database.kind === 'pglite' ? randomBytes(32).toString('base64url') : undefined),
    corsOrigins: value.CORS_ORIGINS ? value.CORS_ORIGINS.split(',') : [],
    rateLimitPerMinute: value.RATE_LIMIT_PER_MINUTE,
    clinicLocale: value.CLINIC_LOCALE,
    /** Patients cancel or move their own appointments up to this long before (docs/decisions/102). */
    scheduling: { cancelCutoffHours: value.APPOINTMENT_CANCEL_CUTOFF_HOURS },
    trustProxyHops: value.TRUST_PROXY_HOPS,
    admin:
      value.ADMIN_EMAIL && value.ADMIN_PASSWORD
        ? { email: value.ADMIN_EMAIL, password: value.ADMIN_PASSWORD }
        : undefined,
    logLevel: value.LOG_LEVEL,
    bodyLimitBytes: value.BODY_LIMIT_BYTES,
    webDistDir: value.WEB_DIST_DIR,
    /** Bounded waits and load shedding (docs/operations.md, "Failure handling"). */
    resilience: {
      requestTimeoutMs: value.REQUEST_TIMEOUT_MS,
      shutdownDrainMs: value.SHUTDOWN_DRAIN_MS,
      overload: {
        maxEventLoopDelayMs: value.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
        maxEventLoopUtilization: value.OVERLOAD_MAX_EVENT_LOOP_UTILIZATION,
      },
    },
    /** Prometheus /metrics on its own listener; port 0 turns it off. */
    metrics: { port: value.METRICS_PORT, host: value.METRICS_HOST },
    /** OTLP/HTTP trace export; off unless an endpoint is set. */
    tracing: { endpoint: value.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: value.OTEL_SERVICE_NAME },
    documents: { maxBytes: value.DOCUMENT_MAX_BYTES },
    storage: storageOf(value),
    assistant: {
      timeoutMs: value.ASSISTANT_TIMEOUT_MS,
      provider: assistantProviderOf(value),
      embeddings: embeddingsOf(value),
      /** /ws keep-alive ping interval (under the ALB's 120 s idle timeout). */
      wsPingIntervalMs: value.WS_PING_INTERVAL_MS,
    },
    voice: voiceOf(value),
    reminders: remindersOf(value),
  });
}

function databaseOf(value: Env): DatabaseConfig {
  const ssl =
    value.PGSSLMODE === 'require' || value.PGSSLMODE === 'verify-full' ? value.PGSSLMODE : undefined;
  const passwordSecretArn = value.DB_SECRET_ARN;
  const timeouts = {
    connectTimeoutMs: value.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: value.DATABASE_STATEMENT_TIMEOUT_MS,
  };
  if (value.DATABASE_URL) {
    return {
      kind: 'postgres',
      url: value.DATABASE_URL,
      poolMax: value.DATABASE_POOL_MAX,
      ...timeouts,
      ssl,
      passwordSecretArn,
      migrate: value.DATABASE_MIGRATE,
    };
  }
  if (value.PGHOST && value.PGUSER && value.PGDATABASE) {
    const url = new URL('postgres://localhost');
    url.hostname = value.PGHOST;
    url.port = String(value.PGPORT);
    url.username = value.PGUSER;
    if (value.PGPASSWORD) url.password = value.PGPASSWORD;
    url.pathname = `/${value.PGDATABASE}`;
    return {
      kind: 'postgres',
      url: url.toString(),
      poolMax: value.DATABASE_POOL_MAX,
      ...timeouts,
      ssl,
      passwordSecretArn,
      migrate: value.DATABASE_MIGRATE,
    };
  }
  return { kind: 'pglite', dataDir: `${value.DATA_DIR}/pg` };
}

function redisUrlOf(value: Env): string | undefined {
  if (!value.REDIS_HOST) return undefined;
  const url = new URL(`${value.REDIS_TLS ? 'rediss' : 'redis'}://localhost`);
  url.hostname = value.REDIS_HOST;
  url.port = String(value.REDIS_PORT);
  if (value.REDIS_AUTH_TOKEN) url.password = value.REDIS_AUTH_TOKEN;
  return url.toString();
}

function embeddingsOf(value: Env): EmbeddingsConfig {
  const dimensions = Number(value.EMBEDDINGS_DIMENSIONS);
  if (value.EMBEDDINGS_PROVIDER === 'openai' && value.OPENAI_BASE_URL) {
    return {
      kind: 'openai',
      baseUrl: value.OPENAI_BASE_URL.replace(/\/+$/, ''),
      apiKey: value.OPENAI_API_KEY,
      model: value.EMBEDDINGS_MODEL ?? 'text-embedding-3-small',
      dimensions,
    };
  }
  if (value.EMBEDDINGS_PROVIDER === 'bedrock') {
    return {
      kind: 'bedrock',
      modelId: value.EMBEDDINGS_MODEL ?? 'amazon.titan-embed-text-v2:0',
      region: value.AWS_REGION,
      dimensions,
    };
  }
  return { kind: 'none' };
}

function assistantProviderOf(value: Env): AssistantProviderConfig {
  if (value.ASSISTANT_PROVIDER === 'openai' && value.OPENAI_BASE_URL) {
    return {
      kind: 'openai',
      baseUrl: value.OPENAI_BASE_URL.replace(/\/+$/, ''),
      apiKey: value.OPENAI_API_KEY,
      model: value.OPENAI_MODEL,
    };
  }
  if (value.ASSISTANT_PROVIDER === 'bedrock') {
    return { kind: 'bedrock', modelId: value.BEDROCK_MODEL_ID, region: value.AWS_REGION };
  }
  return { kind: 'offline' };
}

function storageOf(value: Env): StorageConfig {
  return value.S3_BUCKET
    ? {
        kind: 's3',
        bucket: value.S3_BUCKET,
        region: value.AWS_REGION,
        kmsKeyId: value.S3_KMS_KEY_ID,
        endpoint: value.S3_ENDPOINT,
      }
    : { kind: 'local', dir: `${value.DATA_DIR}/documents` };
}

function remindersOf(value: Env) {
  const email: EmailChannelConfig =
    value.SMTP_URL || value.SMTP_HOST
      ? {
          kind: 'smtp',
          url: value.SMTP_URL,
          host: value.SMTP_HOST,
          port: value.SMTP_PORT,
          user: value.SMTP_USER,
          password: value.SMTP_PASSWORD,
          from: value.SMTP_FROM,
        }
      : { kind: 'outbox' };
  const sms: { kind: 'outbox' } | { kind: 'sns'; region?: string } =
    value.SMS_PROVIDER === 'sns' ? { kind: 'sns', region: value.AWS_REGION } : { kind: 'outbox' };
  return {
    offsetsMinutes: [...new Set(value.REMINDER_OFFSETS_MINUTES.split(',').map(Number))].sort((a, b) => b - a),
    worker: { enabled: value.REMINDER_WORKER, pollMs: value.REMINDER_POLL_SECONDS * 1000 },
    maxAttempts: value.REMINDER_MAX_ATTEMPTS,
    clinicName: value.CLINIC_NAME,
    email,
    sms,
  };
}

function voiceOf(value: Env): VoiceConfig {
  return value.VOICE_PROVIDER === 'aws'
    ? {
        kind: 'aws',
        region: value.AWS_REGION,
        voiceId: value.POLLY_VOICE_ID,
        language: value.TRANSCRIBE_LANGUAGE,
      }
    : { kind: 'none' };
}

import type { FastifyServerOptions, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import type { Tracer } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App, type AppConfig, type FeatureConfig } from '../../src/app.js';
import { generateSigningJwk, keyRingFrom, type KeyRing } from '../../src/auth/keys.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Clock } from '../../src/auth/principal.js';
import { signAccessToken } from '../../src/auth/tokens.js';
import { SERVICE_NAMES, type ServiceName } from '../../src/config.js';
import type { Role } from '../../src/db/schema/index.js';
import { insertSession } from '../../src/modules/auth/auth.repository.js';
import { insertUser } from '../../src/modules/users/users.repository.js';
import type { Storage } from '../../src/storage/index.js';
import type { Channels } from '../../src/modules/reminders/index.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export type Inject = (options: InjectOptions | string) => Promise<LightMyRequestResponse>;
/** Requests as one signed-in user. */
export type Caller = Inject & { userId: string; token: string };

export type TestContext = {
  app: App;
  database: TestDatabase;
  keyRing: KeyRing;
  /** Requests as a signed-in admin (the usual caller of contract tests). */
  inject: Caller;
  /** Requests as a new user of `role` (a patient-role user is linked to `patientId`). */
  as: (role: Role, patientId?: string) => Promise<Caller>;
  close: () => Promise<void>;
};

export const TEST_PASSWORD = 'quiet-orbit-lantern-47';
let passwordHash: Promise<string> | undefined;
export const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

let sharedPrivateKey: Promise<string> | undefined;
/** One key pair per test process: generating is cheap, but sharing it lets split services verify. */
export const testPrivateKey = () =>
  (sharedPrivateKey ??= generateSigningJwk().then((k) => JSON.stringify(k.privateJwk)));

export type TestAppConfig = AppConfig & FeatureConfig;

export function testConfig(overrides: Partial<TestAppConfig> = {}): TestAppConfig {
  return {
    services: new Set(SERVICE_NAMES),
    bodyLimitBytes: 1_048_576,
    webDistDir: '/nonexistent',
    auth: {
      privateKey: undefined,
      publicKeys: undefined,
      issuer: 'medicare-hub',
      audience: 'medicare-hub-api',
      accessTokenTtlSeconds: 600,
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
    },
    cursorSecret: 'test-cursor-secret-of-at-least-32-characters',
    corsOrigins: [],
    rateLimitPerMinute: 10_000,
    trustProxyHops: 1,
    resilience: {
      requestTimeoutMs: 20_000,
      shutdownDrainMs: 0,
      overload: { maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0 },
    },
    documents: { maxBytes: 20_971_520 },
    storage: { kind: 'local', dir: join(tmpdir(), 'medicare-test-documents', randomUUID()) },
    assistant: {
      timeoutMs: 5_000,
      wsPingIntervalMs: 30_000,
      provider: { kind: 'offline' },
      embeddings: { kind: 'none' },
    },
    voice: { kind: 'none' },
    // The worker stays off: reminder tests run rounds themselves, at the times they choose.
    reminders: {
      offsetsMinutes: [1440, 120],
      worker: { enabled: false, pollMs: 30_000 },
      maxAttempts: 3,
      clinicName: 'MediCare Hub Test Clinic',
      email: { kind: 'outbox' },
      sms: { kind: 'outbox' },
    },
    scheduling: { cancelCutoffHours: 24 },
    ...overrides,
  };
}

let seq = 0;

/** The real app on a fresh database, with a config literal; closing it drops the database. */
export async function createTestApp(
  options: {
    services?: ServiceName[];
    bodyLimitBytes?: number;
    database?: TestDatabase;
    keyRing?: KeyRing;
    clock?: Clock;
    redis?: Redis;
    config?: Partial<TestAppConfig>;
    storage?: Storage;
    logger?: FastifyServerOptions['logger'];
    tracer?: Tracer;
    /** Where reminders go (default: the outbox, as config says). */
    reminderChannels?: Channels;
  } = {},
): Promise<TestContext> {
  const database = options.database ?? (await createTestDatabase());
  const keyRing = options.keyRing ?? (await keyRingFrom(await testPrivateKey(), undefined));
  const config = testConfig({
    services: new Set(options.services ?? SERVICE_NAMES),
    bodyLimitBytes: options.bodyLimitBytes ?? 1_048_576,
    ...options.config,
  });
  const clock = options.clock ?? (() => new Date());
  const app = await buildApp({
    config,
    database,
    keyRing,
    clock,
    redis: options.redis,
    storage: options.storage,
    logger: options.logger,
    tracer: options.tracer,
    reminderChannels: options.reminderChannels,
  });
  await app.ready();

  const as = async (role: Role, patientId?: string) => {
    const user = await insertUser(database.db, {
      email: `${role}.${++seq}.${Date.now()}@test.medicare.local`,
      name: `Test ${role}`,
      role,
      patientId: role === 'patient' ? (patientId ?? null) : null,
      passwordHash: await testPasswordHash(),
    });
    const session = await insertSession(database.db, user.id, clock());
    const token = await signAccessToken(
      keyRing,
      config.auth,
      {
        userId: user.id,
        role,
        patientId: user.patientId,
        sessionId: session.id,
      },
      clock(),
    );
    const inject = ((opts: InjectOptions | string) => {
      const o = typeof opts === 'string' ? { url: opts } : opts;
      return app.inject({ ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } });
    }) as Caller;
    return Object.assign(inject, { userId: user.id, token });
  };

  // A verifying-only service (no private key) cannot mint tokens; its tests bring them from core.
  const admin = keyRing.signing
    ? await as('admin')
    : (Object.assign(() => Promise.reject(new Error('this test app only verifies tokens')), {
        userId: '',
        token: '',
      }) as Awaited<ReturnType<typeof as>>);
  return { app, database, keyRing, inject: admin, as, close: () => app.close() };
}

import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ROUTE_OWNERS, type OwnedPrefix, type ServiceName } from '@medicare/contracts';
import type { Redis } from 'ioredis';
import type { Tracer } from '@opentelemetry/api';
import type { KeyRing } from './auth/keys.js';
import { createRevocations } from './auth/revocations.js';
import { systemClock, type Clock } from './auth/principal.js';
import type { Config } from './config.js';
import type { Database, Executor } from './db/client.js';
import { memoryCounters, redisCounters } from './lib/counters.js';
import appointmentsModule, {
  type AppointmentsDeps,
  busyIntervals,
  heldIntervals,
  deleteAppointmentsOfPatient,
} from './modules/appointments/index.js';
import assistantModule from './modules/assistant/index.js';
import auditModule from './modules/audit/index.js';
import { insertAuditEvent } from './platform/audit.repository.js';
import { eventOf } from './platform/audit.js';
import authModule, {
  createAuthService,
  createLockout,
  jwksRoute,
  revokeSessionsOfUser,
} from './modules/auth/index.js';
import documentsModule from './modules/documents/index.js';
import fhirModule, { FHIR_BASE } from './modules/fhir/index.js';
import healthModule from './modules/health/index.js';
import importsModule from './modules/imports/index.js';
import knowledgeModule from './modules/knowledge/index.js';
import observationsModule from './modules/observations/index.js';
import patientsModule from './modules/patients/index.js';
import practitionersModule from './modules/practitioners/index.js';
import {
  appointmentRemindersModule,
  createReminderScheduler,
  remindersModule,
  type Channels,
} from './modules/reminders/index.js';
import { appointmentTypesModule, slotsModule } from './modules/scheduling/index.js';
import { createRiskService, patientRiskRoute, predictRoute } from './modules/risk/index.js';
import usersModule from './modules/users/index.js';
import authPlugin from './plugins/auth.js';
import cursorsPlugin from './plugins/cursors.js';
import errorsPlugin, { frameworkErrors } from './plugins/errors.js';
import idempotencyPlugin from './plugins/idempotency.js';
import lifecyclePlugin from './plugins/lifecycle.js';
import metricsPlugin from './plugins/metrics.js';
import overloadPlugin from './plugins/overload.js';
import tracingPlugin from './plugins/tracing.js';
import openapiPlugin from './plugins/openapi.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import requestLogPlugin from './plugins/request-log.js';
import validationPlugin from './plugins/validation.js';
import securityPlugin from './plugins/security.js';
import { DEFAULT_WEB_DIST, webPlugin } from './plugins/web.js';
import { storageFor, type Storage } from './storage/index.js';

export type AppConfig = Pick<
  Config,
  | 'services'
  | 'bodyLimitBytes'
  | 'webDistDir'
  | 'auth'
  | 'corsOrigins'
  | 'cursorSecret'
  | 'rateLimitPerMinute'
  | 'trustProxyHops'
  | 'resilience'
> &
  Partial<Pick<Config, 'clinicLocale' | 'scheduling'>>;

/** Documents, storage, assistant and voice (issue 6); appointment reminders (issue 17). */
export type FeatureConfig = Pick<Config, 'documents' | 'storage' | 'assistant' | 'voice' | 'reminders'>;

export type AppDeps = {
  config: AppConfig & FeatureConfig;
  database: Database;
  keyRing: KeyRing;
  redis?: Redis;
  /** Document storage; by default the one config.storage names. */
  storage?: Storage;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** OpenTelemetry tracer (plugins/tracing.ts); none means no tracing. */
  tracer?: Tracer;
  /** Where reminders go out; by default what config.reminders names (SMTP, SNS, else the outbox). */
  reminderChannels?: Channels;
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The whole API as one Fastify instance; which modules it mounts is config.services (contracts' ROUTE_OWNERS). */
export async function buildApp({
  config,
  database,
  keyRing,
  redis,
  storage = storageFor(config.storage),
  clock = systemClock,
  logger = false,
  tracer,
  reminderChannels,
}: AppDeps) {
  const app = Fastify({
    logger,
    // Fastify's own request lines carry the raw URL; plugins/request-log.ts writes a PHI-free one.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    // Time to receive a whole request: a 20 MB upload on a slow clinic line needs minutes, not seconds
    // (routes that take uploads allow 120 s to handle them; headers still must arrive within 60 s).
    requestTimeout: 130_000,
    // Every request is answered within this, 503 TIMED_OUT at worst (plugins/errors.ts).
    handlerTimeout: config.resilience.requestTimeoutMs,
    return503OnClosing: true,
    // Only the address the load balancer appended to X-Forwarded-For names the caller; earlier entries
    // are whatever the client sent, and trusting them would let anyone dodge per-address throttling.
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // A URL that does not decode, or a 10,000-character id, gets the one error body too.
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const tokens = {
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
  };
  const revocations = createRevocations({
    database,
    redis,
    tokenTtlSeconds: tokens.accessTokenTtlSeconds,
    log: app.log,
  });
  const lockout = createLockout(redis ? redisCounters(redis, memoryCounters(clock)) : memoryCounters(clock));
  const auth = createAuthService({
    database,
    keyRing,
    tokens,
    policy: { idleMinutes: config.auth.sessionIdleMinutes, maxHours: config.auth.sessionMaxHours },
    clock,
    lockout,
    revocations,
  });

  await app.register(validationPlugin);
  await app.register(errorsPlugin);
  await app.register(lifecyclePlugin);
  await app.register(metricsPlugin, { database });
  if (tracer) await app.register(tracingPlugin, { tracer });
  await app.register(requestLogPlugin);
  await app.register(overloadPlugin, config.resilience.overload);
  await app.register(securityPlugin, { corsOrigins: config.corsOrigins });
  await app.register(openapiPlugin);
  await app.register(authPlugin, {
    keyRing,
    tokens,
    clock,
    revocations,
    touchSession: auth.touch,
    auditDenied: (ctx, resourceType, resourceId, patientId) =>
      insertAuditEvent(
        database.db,
        eventOf(ctx, { action: 'denied', resourceType, resourceId, patientId }, 'denied'),
      ),
  });
  await app.register(rateLimitPlugin, { max: config.rateLimitPerMinute, redis });
  await app.register(idempotencyPlugin, { database });
  await app.register(cursorsPlugin, { secret: config.cursorSecret });
  await app.register(healthModule, { database, redis });

  // Each owned path prefix is mounted by the process whose SERVICES names its owner (contracts' table,
  // which the load balancer's rules follow too); the rest belongs to core.
  const maxBytes = config.documents.maxBytes;
  // Every door to appointments (REST, FHIR) books by the same clock and cut-off, and reminders follow each
  // booking, move and cancellation, per occurrence, in its transaction.
  const reminderScheduler = createReminderScheduler({
    offsetsMinutes: config.reminders.offsetsMinutes,
    clock,
  });
  const remind = (tx: Executor, appointment: { id: string }) => reminderScheduler.sync(tx, appointment.id);
  const appointmentRules: AppointmentsDeps = {
    clock,
    cancelCutoffHours: config.scheduling?.cancelCutoffHours,
    hooks: { onBooked: remind, onMoved: remind, onCancelled: remind },
  };
  const mounts: Record<OwnedPrefix, (prefix: string) => Promise<void>> = {
    '/api/patients': async (prefix) => {
      await app.register(patientsModule, {
        prefix,
        database,
        clinicLocale: config.clinicLocale,
        onDeleted: [deleteAppointmentsOfPatient],
        clock,
      });
      await app.register(observationsModule, { prefix, database, clock });
      await app.register(patientRiskRoute, { prefix, service: createRiskService(database, clock) });
      await app.register(documentsModule, {
        prefix,
        database,
        storage,
        maxBytes,
        embeddings: config.assistant.embeddings,
      });
    },
    // The stem /api/appointment: appointments, their reminders' outbox (and the worker), appointment types.
    '/api/appointment': async () => {
      await app.register(appointmentsModule, { prefix: '/api/appointments', database, ...appointmentRules });
      await app.register(appointmentRemindersModule, { prefix: '/api/appointments', database });
      await app.register(remindersModule, {
        prefix: '/api/appointment-reminders',
        database,
        config: config.reminders,
        clock,
        channels: reminderChannels,
      });
      await app.register(appointmentTypesModule, { prefix: '/api/appointment-types', database });
    },
    '/api/practitioners': async (prefix) => {
      await app.register(practitionersModule, { prefix, database, busyIntervals });
    },
    '/api/slots': async (prefix) => {
      await app.register(slotsModule, { prefix, database, heldIntervals, clock });
    },
  };
  const { services } = config;
  for (const [prefix, owner] of Object.entries(ROUTE_OWNERS) as [OwnedPrefix, ServiceName][]) {
    if (services.has(owner)) await mounts[prefix](prefix);
  }
  if (services.has('core')) {
    await app.register(jwksRoute);
    await app.register(predictRoute);
    await app.register(authModule, { prefix: '/api/auth', service: auth });
    await app.register(usersModule, {
      prefix: '/api/users',
      database,
      clock,
      revokeSessions: revokeSessionsOfUser,
      revocations,
      lockout,
    });
    await app.register(auditModule, { prefix: '/api/audit', database });
    await app.register(importsModule, { prefix: '/api/imports', database });
    await app.register(fhirModule, {
      prefix: FHIR_BASE,
      database,
      storage,
      clinicLocale: config.clinicLocale,
      cursorSecret: config.cursorSecret,
      clock,
      appointmentRules,
    });
    await app.register(knowledgeModule, {
      prefix: '/api/knowledge',
      database,
      storage,
      maxBytes,
      embeddings: config.assistant.embeddings,
    });
    await app.register(assistantModule, {
      database,
      assistant: config.assistant,
      voice: config.voice,
      tokens,
    });
    await app.register(webPlugin, { root: config.webDistDir ?? DEFAULT_WEB_DIST });
  }

  app.addHook('onClose', () => database.close());
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

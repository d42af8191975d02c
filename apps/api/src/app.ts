import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import appointmentsModule from './modules/appointments/index.js';
import healthModule from './modules/health/index.js';
import patientsModule from './modules/patients/index.js';
import practitionersModule from './modules/practitioners/index.js';
import errorsPlugin from './plugins/errors.js';
import openapiPlugin from './plugins/openapi.js';
import requestLogPlugin from './plugins/request-log.js';
import { DEFAULT_WEB_DIST, webPlugin } from './plugins/web.js';

export type AppDeps = {
  config: Pick<Config, 'services' | 'bodyLimitBytes' | 'webDistDir'>;
  database: Database;
  logger?: FastifyServerOptions['logger'];
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The whole API as one Fastify instance; which modules it mounts is config.services (DESIGN.md §2). */
export async function buildApp({ config, database, logger = false }: AppDeps) {
  const app = Fastify({
    logger,
    // Fastify's own request lines carry the raw URL; plugins/request-log.ts writes a PHI-free one.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: 30_000,
    return503OnClosing: true,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errorsPlugin);
  await app.register(requestLogPlugin);
  await app.register(openapiPlugin);
  await app.register(healthModule, { database });

  const { services } = config;
  if (services.has('patients')) await app.register(patientsModule, { prefix: '/api/patients', database });
  if (services.has('appointments')) {
    await app.register(appointmentsModule, { prefix: '/api/appointments', database });
    await app.register(practitionersModule, { prefix: '/api/practitioners', database });
  }
  if (services.has('core')) await app.register(webPlugin, { root: config.webDistDir ?? DEFAULT_WEB_DIST });

  app.addHook('onClose', () => database.close());
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** OpenAPI 3.1 generated from the route schemas, at /openapi.json, and a browsable reference at /docs. */
async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MediCare Hub API',
        version: '0.1.0',
        description:
          'Patient records, appointments and clinic services. Errors share one body: ' +
          '{ code, message, requestId, issues? }. Lists page with limit and an opaque cursor.',
      },
      tags: [
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'patients', description: 'Patient records' },
        { name: 'practitioners', description: 'Practitioners who hold appointments' },
        { name: 'appointments', description: 'Appointment scheduling' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export default fp(openapiPlugin, { name: 'openapi' });

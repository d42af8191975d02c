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
        { name: 'observations', description: 'Vital signs and lab results of a patient' },
        { name: 'risk', description: '10-year cardiovascular risk (Pooled Cohort Equations)' },
        { name: 'auth', description: 'Sign-in, sessions and the keys that verify access tokens' },
        { name: 'users', description: 'User accounts (admin)' },
        { name: 'audit', description: 'The audit trail (admin)' },
      ],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Access token from /api/auth/login',
          },
        },
      },
    },
    // Who may call a route is part of its contract: public routes say so, every other needs a token.
    transform: ({ schema, url, route }) => {
      const open = route.config?.public === true || !(url.startsWith('/api/') || url.startsWith('/fhir/'));
      return { schema: { ...schema, security: open ? [] : [{ bearer: [] }] } as typeof schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export default fp(openapiPlugin, { name: 'openapi' });

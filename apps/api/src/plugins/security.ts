import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import cors from '@fastify/cors';

const HELMET: Readonly<HelmetOptions> = {
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
      // The documents tab previews a PDF fetched with the access token, as a blob: URL in a frame.
      frameSrc: ["'self'", 'blob:'],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet would set, worked out once: they depend on nothing in the request, and helmet
 * run per request re-parses the CSP directives on every response (issue 15's profile: 3% of a read).
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Security headers for everything (HSTS, no sniffing, no framing), a CSP that lets the web app and
 * the API reference run, and for /api and /fhir responses a CSP that allows nothing plus `no-store`, since
 * they can carry PHI. CORS is closed unless CORS_ORIGINS names the origins.
 */
async function securityPlugin(app: FastifyInstance, { corsOrigins }: { corsOrigins: string[] }) {
  const page = Object.freeze(helmetHeaders(HELMET));
  const api = Object.freeze({
    ...page,
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cache-control': 'no-store',
  });
  app.addHook('onRequest', (request, reply, done) => {
    const data = request.url.startsWith('/api/') || request.url.startsWith('/fhir/');
    void reply.headers(data ? api : page);
    done();
  });
  await app.register(cors, {
    origin: corsOrigins.length > 0 ? corsOrigins : false,
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    exposedHeaders: ['etag', 'x-request-id', 'retry-after', 'location'],
  });
}

export default fp(securityPlugin, { name: 'security' });

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** apps/web/dist, seen from apps/api/src or apps/api/dist alike. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * Serves the built web app at `/` in local mode (on AWS, CloudFront and S3 do). Paths the SPA
 * routes itself (e.g. /patients/…) get index.html; unknown /api paths still get the JSON 404.
 */
export async function webPlugin(app: FastifyInstance, { root }: { root: string }) {
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'web app not built; serving the API only');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    maxAge: '1y',
    immutable: true,
    setHeaders: (res, path) => {
      if (path.endsWith('index.html')) void res.header('cache-control', 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const wantsPage = (request.headers.accept ?? '').includes('text/html');
    if (path.startsWith('/api/') || path.startsWith('/fhir/') || !wantsPage) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { cursorSeal } from '../lib/cursor.js';

/** The list a cursor belongs to: its route, so one list's cursor is refused by every other. */
const listOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? ''}`;

/**
 * Seals every `nextCursor` a list answers with and opens every `cursor` it is sent, at the edge, so
 * the services only ever see cursors this API issued for that list (lib/cursor.ts). Without a
 * secret it does nothing: each list still checks its cursor's shape.
 */
async function cursorsPlugin(app: FastifyInstance, options: { secret: string | undefined }) {
  if (!options.secret) return;
  const { seal, open } = cursorSeal(options.secret);

  app.addHook('preValidation', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (query && typeof query.cursor === 'string') query.cursor = open(listOf(request), query.cursor);
  });

  app.addHook('preSerialization', async (request, _reply, payload: unknown) => {
    if (payload && typeof payload === 'object' && 'nextCursor' in payload) {
      const { nextCursor } = payload as { nextCursor: unknown };
      if (typeof nextCursor === 'string')
        return { ...payload, nextCursor: seal(listOf(request), nextCursor) };
    }
    return payload;
  });
}

export default fp(cursorsPlugin, { name: 'cursors' });

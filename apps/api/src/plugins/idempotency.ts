import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client.js';
import { AppError } from '../lib/errors.js';
import { insertAuditEvent } from '../platform/audit.repository.js';
import { eventOf } from '../platform/audit.js';
import * as repo from '../platform/idempotency.repository.js';
import { contextOf } from './auth.js';

/** How long an answer is kept for retries. */
export const IDEMPOTENCY_KEEP_MS = 24 * 60 * 60 * 1000;
/** How long an attempt holds its key before a retry may take over (its process may have died). */
export const IDEMPOTENCY_LEASE_MS = 3_000;
const KEY = /^[\x21-\x7e]{1,255}$/;
/** Headers of the first answer that a replay repeats. */
const KEPT_HEADERS = ['content-type', 'location', 'etag'];

type Attempt = repo.KeyRef & { owner: string };

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyAttempt: Attempt | null;
  }
}

const inUse = () =>
  new AppError('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed', {
    headers: { 'retry-after': '1' },
  });

/**
 * `Idempotency-Key` on POST: a retry with the same key, from the same caller, gets the first answer
 * (status, body, Location, ETag, plus `Idempotent-Replayed: true`) and changes nothing; the same key
 * with another method, path or body is 422. Keys are per caller, kept 24 h, in the database, so they
 * hold across processes and restarts. For calls on patient data the key commits in the same
 * transaction as the work (platform/audit.ts), so the work happens exactly once even if a
 * process dies mid-request. Only signed-in callers: sign-in and token refresh ignore the header.
 */
async function idempotencyPlugin(app: FastifyInstance, { database }: { database: Pick<Database, 'db'> }) {
  const { db } = database;
  app.decorateRequest('idempotency', null);
  app.decorateRequest('idempotencyAttempt', null);

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !request.principal) return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new AppError('VALIDATION_FAILED', 'The request is not valid (headers)', {
        issues: [{ path: '/headers/idempotency-key', message: 'must be 1 to 255 visible ASCII characters' }],
      });
    }
    const ref = { callerId: request.principal.userId, key };
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('base64url');
    const owner = randomUUID();
    const lease = { owner, leaseMs: IDEMPOTENCY_LEASE_MS };

    let mine = await repo.takeKey(db, { ...ref, ...lease, requestHash, keepMs: IDEMPOTENCY_KEEP_MS });
    if (!mine) {
      const row = await repo.findKey(db, ref);
      if (!row) throw inUse(); // expired and purged between our two statements: rare, retry
      if (row.requestHash !== requestHash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a different request; use a new key for a new request',
        );
      }
      if (row.state === 'done') return replay(db, request, reply, row);
      if (row.state === 'applied' && row.leaseExpired) throw answerLost(row);
      if (row.state === 'pending' && row.leaseExpired) {
        mine = await repo.takeOver(db, { ...ref, ...lease, from: row.owner });
      }
      if (!mine) throw inUse();
    }

    const attempt: Attempt = { ...ref, owner };
    request.idempotencyAttempt = attempt;
    request.idempotency = {
      claim: async (tx, found) => {
        if (!(await repo.markApplied(tx, attempt, found))) throw inUse();
      },
    };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const attempt = request.idempotencyAttempt;
    if (!attempt) return payload;
    request.idempotencyAttempt = null;
    const status = reply.statusCode;
    const code = status >= 400 && typeof payload === 'string' ? codeOf(payload) : undefined;
    // Answers a retry could change are not kept: server errors, throttling, a key in use.
    if (status >= 500 || status === 429 || code?.startsWith('IDEMPOTENCY_') || typeof payload !== 'string') {
      await repo
        .releaseKey(db, attempt)
        .catch((err: unknown) => request.log.warn({ err }, 'idempotency key kept'));
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    // The answer is acknowledged only once it can be replayed.
    await repo.saveResponse(db, attempt, { status, headers, body: payload });
    return payload;
  });

  const purge = setInterval(() => void repo.purgeExpiredKeys(db).catch(() => {}), 15 * 60 * 1000).unref();
  app.addHook('onClose', async () => clearInterval(purge));
}

/**
 * The work committed but its process died before the answer was stored (a window of one round
 * trip): the answer cannot be replayed, but the record exists and Location names it where it can.
 */
function answerLost(row: repo.KeyRef & { resourceType: string | null; resourceId: string | null }) {
  const path = row.resourceId && LOCATIONS[row.resourceType ?? ''];
  return new AppError(
    'IDEMPOTENCY_RESPONSE_LOST',
    'This request was carried out, but its answer was lost; the record it made exists',
    path ? { headers: { location: `${path}/${row.resourceId}` } } : {},
  );
}
const LOCATIONS: Record<string, string> = { patient: '/api/patients', appointment: '/api/appointments' };

function codeOf(payload: string): string | undefined {
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first answer again. The replay creates nothing, so it writes no second `create` event; since
 * it shows the caller a record again, it is audited as a `read` of that record.
 */
async function replay(
  db: Database['db'],
  request: FastifyRequest,
  reply: FastifyReply,
  row: NonNullable<Awaited<ReturnType<typeof repo.findKey>>>,
) {
  if (row.resourceType && row.responseStatus !== null && row.responseStatus < 300) {
    await insertAuditEvent(
      db,
      eventOf(
        contextOf(request),
        {
          action: 'read',
          resourceType: row.resourceType,
          resourceId: row.resourceId,
          patientId: row.patientId,
        },
        'success',
      ),
    );
  }
  return reply
    .code(row.responseStatus ?? 200)
    .headers({ ...row.responseHeaders, 'idempotent-replayed': 'true' })
    .send(row.responseBody);
}

export default fp(idempotencyPlugin, { name: 'idempotency', dependencies: ['auth'] });

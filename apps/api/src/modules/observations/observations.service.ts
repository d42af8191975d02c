import {
  OBSERVATION_TYPES,
  type Observation,
  type ObservationInput,
  type ObservationListQuery,
  type ObservationPage,
} from '@medicare/contracts';
import type { Database } from '../../db/client.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { ObservationRow } from '../../db/schema/index.js';
import type { RequestContext } from '../../auth/principal.js';
import { keyset } from '../../lib/cursor.js';
import { invalid, notFound } from '../../lib/errors.js';
import { audited } from '../../platform/audit.js';
import { requirePatientInScope } from '../patients/index.js';
import { normalize } from './catalogue.js';
import * as repo from './observations.repository.js';

/** Newest first by (effective_at, id). */
const byTime = keyset('instant', 'uuid');

/** A measurement may be stamped a little ahead of the server's clock, never later than that. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function toObservation(row: ObservationRow): Observation {
  const value = row.valueNumber ?? row.valueText ?? row.valueBoolean;
  return {
    id: row.id,
    patientId: row.patientId,
    code: row.code,
    system: row.system,
    display: OBSERVATION_TYPES[row.code]?.display ?? row.code,
    value: value as number | string | boolean,
    unit: row.unit,
    normalized:
      row.canonicalValue !== null && row.canonicalUnit !== null
        ? { value: row.canonicalValue, unit: row.canonicalUnit }
        : null,
    effectiveAt: row.effectiveAt.toISOString(),
    recordedBy: row.recordedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export type ObservationsService = ReturnType<typeof createObservationsService>;

/** Vital signs and lab results of a patient: clinicians write, the patient reads their own, all audited. */
export function createObservationsService(database: Pick<Database, 'db'>, clock: Clock = systemClock) {
  const subject = (action: 'read' | 'search' | 'create' | 'delete', patientId: string, id?: string) => ({
    action,
    resourceType: 'observation',
    resourceId: id ?? null,
    patientId,
  });

  return {
    async create(ctx: RequestContext, patientId: string, input: ObservationInput): Promise<Observation> {
      const { value, issues } = normalize(input.code, input.value, input.unit);
      const effectiveAt = new Date(input.effectiveAt);
      if (effectiveAt.getTime() > clock().getTime() + CLOCK_SKEW_MS) {
        issues.push({ path: '/effectiveAt', message: 'must not be in the future' });
      }
      return audited(database, ctx, subject('create', patientId), async (tx) => {
        await requirePatientInScope(tx, ctx, 'clinical.read', patientId);
        if (issues.length > 0 || !value) throw invalid(issues);
        const row = await repo.insertObservation(tx, {
          patientId,
          code: input.code,
          system: OBSERVATION_TYPES[input.code]!.system,
          ...value,
          effectiveAt,
          recordedBy: ctx.principal.userId,
        });
        return { result: toObservation(row), resourceId: row.id };
      });
    },

    async list(
      ctx: RequestContext,
      patientId: string,
      query: ObservationListQuery,
    ): Promise<ObservationPage> {
      const limit = query.limit ?? 20;
      const before = byTime.decode(query.cursor);
      return audited(database, ctx, subject('search', patientId), async (tx) => {
        await requirePatientInScope(tx, ctx, 'clinical.read', patientId);
        const rows = await repo.listObservations(tx, {
          patientId,
          code: query.code,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          limit,
          before: before && { at: before[0], id: before[1] },
        });
        const { items, nextCursor } = byTime.page(rows, limit, (o) => [o.effectiveAt.toISOString(), o.id]);
        return {
          result: { items: items.map(toObservation), nextCursor },
          resultIds: items.map((o) => o.id),
        };
      });
    },

    async get(ctx: RequestContext, patientId: string, id: string): Promise<Observation> {
      return audited(database, ctx, subject('read', patientId, id), async (tx) => {
        await requirePatientInScope(tx, ctx, 'clinical.read', patientId);
        const row = await repo.findObservation(tx, patientId, id);
        if (!row) throw notFound('OBSERVATION_NOT_FOUND', 'Observation');
        return { result: toObservation(row) };
      });
    },

    async remove(ctx: RequestContext, patientId: string, id: string): Promise<void> {
      await audited(database, ctx, subject('delete', patientId, id), async (tx) => {
        await requirePatientInScope(tx, ctx, 'clinical.read', patientId);
        if (!(await repo.softDeleteObservation(tx, patientId, id)))
          throw notFound('OBSERVATION_NOT_FOUND', 'Observation');
        return { result: undefined };
      });
    },
  };
}

import type {
  AppointmentType,
  AppointmentTypeInput,
  AppointmentTypeListQuery,
  AppointmentTypePage,
} from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import type { AppointmentTypeRow } from '../../db/schema/index.js';
import type { RequestContext } from '../../auth/principal.js';
import { offsetPaging } from '../../lib/cursor.js';
import { invalid, notFound } from '../../lib/errors.js';
import { cleanName } from '../../lib/text.js';
import { expectedVersion, stale } from '../../lib/versioning.js';
import { existingPractitionerIds } from '../practitioners/index.js';
import * as repo from './appointment-types.repository.js';

export function toAppointmentType(row: AppointmentTypeRow): AppointmentType {
  return {
    id: row.id,
    name: row.name,
    durationMinutes: row.durationMinutes,
    bufferMinutes: row.bufferMinutes,
    patientBookable: row.patientBookable,
    practitionerIds: row.practitionerIds,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** Whether a practitioner offers a type (an empty list: everyone does). */
export const offers = (type: Pick<AppointmentTypeRow, 'practitionerIds'>, practitionerId: string) =>
  type.practitionerIds.length === 0 || type.practitionerIds.includes(practitionerId);

/** A patient sees only the types they may book themselves. */
export const visibleTo = (ctx: RequestContext, type: AppointmentTypeRow) =>
  ctx.principal.role !== 'patient' || (type.patientBookable && type.active);

async function toWrite(ex: Executor, input: AppointmentTypeInput): Promise<repo.AppointmentTypeWrite> {
  const name = cleanName(input.name);
  const practitionerIds = [...new Set(input.practitionerIds ?? [])];
  const issues = [];
  if (!name) issues.push({ path: '/name', message: 'must not be blank' });
  const known = await existingPractitionerIds(ex, practitionerIds);
  practitionerIds.forEach((id, i) => {
    if (!known.has(id)) issues.push({ path: `/practitionerIds/${i}`, message: 'no such practitioner' });
  });
  if (issues.length > 0) throw invalid(issues);
  return {
    name,
    durationMinutes: input.durationMinutes,
    bufferMinutes: input.bufferMinutes ?? 0,
    patientBookable: input.patientBookable ?? false,
    practitionerIds,
    active: input.active ?? true,
  };
}

export type AppointmentTypesService = ReturnType<typeof createAppointmentTypesService>;

/** Appointment types: no patient data, so no audit events; admins write, everyone reads what they may book. */
export function createAppointmentTypesService({ db }: Pick<Database, 'db'>) {
  const MISSING = () => notFound('APPOINTMENT_TYPE_NOT_FOUND', 'Appointment type');
  return {
    async create(input: AppointmentTypeInput): Promise<AppointmentType> {
      return toAppointmentType(await repo.insertType(db, await toWrite(db, input)));
    },

    async get(ctx: RequestContext, id: string): Promise<AppointmentType> {
      const row = await repo.findType(db, id);
      if (!row || !visibleTo(ctx, row)) throw MISSING();
      return toAppointmentType(row);
    },

    async list(ctx: RequestContext, query: AppointmentTypeListQuery): Promise<AppointmentTypePage> {
      const limit = query.limit ?? 20;
      const offset = offsetPaging.decode(query.cursor);
      const patient = ctx.principal.role === 'patient';
      const rows = await repo.listTypes(
        db,
        {
          practitionerId: query.practitionerId,
          patientBookable: patient ? true : query.patientBookable,
          active: patient ? true : query.active,
        },
        limit,
        offset,
      );
      const page = offsetPaging.page(rows, limit, offset);
      return { items: page.items.map(toAppointmentType), nextCursor: page.nextCursor };
    },

    async update(id: string, input: AppointmentTypeInput, ifMatch: string | undefined) {
      const version = expectedVersion(ifMatch);
      const updated = await repo.updateType(db, id, version, await toWrite(db, input));
      if (updated) return toAppointmentType(updated);
      if (await repo.findType(db, id)) throw stale();
      throw MISSING();
    },
  };
}

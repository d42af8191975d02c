import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { appointmentTypes, type AppointmentTypeRow } from '../../db/schema/index.js';

export type AppointmentTypeWrite = Pick<
  AppointmentTypeRow,
  'name' | 'durationMinutes' | 'bufferMinutes' | 'patientBookable' | 'practitionerIds' | 'active'
>;

export async function insertType(ex: Executor, row: AppointmentTypeWrite): Promise<AppointmentTypeRow> {
  const [created] = await ex.insert(appointmentTypes).values(row).returning();
  return created!;
}

export async function findType(ex: Executor, id: string): Promise<AppointmentTypeRow | undefined> {
  const [row] = await ex.select().from(appointmentTypes).where(eq(appointmentTypes.id, id));
  return row;
}

export type TypeFilter = { practitionerId?: string; patientBookable?: boolean; active?: boolean };

export async function listTypes(
  ex: Executor,
  f: TypeFilter,
  limit: number,
  offset: number,
): Promise<AppointmentTypeRow[]> {
  const filters: (SQL | undefined)[] = [
    // An empty list means every practitioner offers it.
    f.practitionerId
      ? sql`(${appointmentTypes.practitionerIds} = '{}' or ${f.practitionerId}::uuid = any(${appointmentTypes.practitionerIds}))`
      : undefined,
    f.patientBookable === undefined ? undefined : eq(appointmentTypes.patientBookable, f.patientBookable),
    f.active === undefined ? undefined : eq(appointmentTypes.active, f.active),
  ];
  return ex
    .select()
    .from(appointmentTypes)
    .where(and(...filters))
    .orderBy(asc(appointmentTypes.name), asc(appointmentTypes.id))
    .limit(limit + 1)
    .offset(offset);
}

export async function updateType(
  ex: Executor,
  id: string,
  version: number | undefined,
  row: AppointmentTypeWrite,
): Promise<AppointmentTypeRow | undefined> {
  const [updated] = await ex
    .update(appointmentTypes)
    .set({ ...row, updatedAt: sql`now()`, version: sql`${appointmentTypes.version} + 1` })
    .where(
      and(
        eq(appointmentTypes.id, id),
        version === undefined ? undefined : eq(appointmentTypes.version, version),
      ),
    )
    .returning();
  return updated;
}

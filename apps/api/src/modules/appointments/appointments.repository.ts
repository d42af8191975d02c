import { and, asc, eq, gt, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { appointments, type AppointmentRow } from '../../db/schema/index.js';

export type AppointmentWrite = Pick<
  AppointmentRow,
  'patientId' | 'practitionerId' | 'start' | 'end' | 'status' | 'reason' | 'notes'
>;

const live = isNull(appointments.deletedAt);

export async function insertAppointment(ex: Executor, row: AppointmentWrite): Promise<AppointmentRow> {
  const [created] = await ex.insert(appointments).values(row).returning();
  return created!;
}

export async function findAppointment(ex: Executor, id: string): Promise<AppointmentRow | undefined> {
  const [row] = await ex
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, id), live));
  return row;
}

export async function updateAppointment(
  ex: Executor,
  id: string,
  version: number | undefined,
  row: AppointmentWrite,
): Promise<AppointmentRow | undefined> {
  const [updated] = await ex
    .update(appointments)
    .set({ ...row, updatedAt: sql`now()`, version: sql`${appointments.version} + 1` })
    .where(
      and(
        eq(appointments.id, id),
        live,
        version === undefined ? undefined : eq(appointments.version, version),
      ),
    )
    .returning();
  return updated;
}

export async function softDeleteAppointment(ex: Executor, id: string): Promise<boolean> {
  const rows = await ex
    .update(appointments)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${appointments.version} + 1` })
    .where(and(eq(appointments.id, id), live))
    .returning({ id: appointments.id });
  return rows.length > 0;
}

/** A deleted patient takes their appointments along (softly: the rows stay, the slots free up). */
export async function softDeleteAppointmentsOfPatient(ex: Executor, patientId: string): Promise<number> {
  const rows = await ex
    .update(appointments)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${appointments.version} + 1` })
    .where(and(eq(appointments.patientId, patientId), live))
    .returning({ id: appointments.id });
  return rows.length;
}

/** The active appointment that overlaps a slot for this practitioner or this patient, if any. */
export async function findClash(
  ex: Executor,
  slot: { practitionerId: string; patientId: string; start: Date; end: Date },
  exceptId?: string,
): Promise<AppointmentRow | undefined> {
  const [row] = await ex
    .select()
    .from(appointments)
    .where(
      and(
        live,
        inArray(appointments.status, ['booked', 'arrived']),
        or(eq(appointments.practitionerId, slot.practitionerId), eq(appointments.patientId, slot.patientId)),
        lt(appointments.start, slot.end),
        gt(appointments.end, slot.start),
        exceptId ? ne(appointments.id, exceptId) : undefined,
      ),
    )
    .orderBy(asc(appointments.start))
    .limit(1);
  return row;
}

export type AppointmentFilter = {
  from?: Date;
  to?: Date;
  practitionerId?: string;
  patientId?: string;
  status?: AppointmentRow['status'];
  limit: number;
  after?: { start: string; id: string };
};

/** Appointments overlapping [from, to), in start order, paged by keyset on (start, id). */
export async function listAppointments(ex: Executor, f: AppointmentFilter): Promise<AppointmentRow[]> {
  const filters: (SQL | undefined)[] = [
    live,
    f.from ? gt(appointments.end, f.from) : undefined,
    f.to ? lt(appointments.start, f.to) : undefined,
    f.practitionerId ? eq(appointments.practitionerId, f.practitionerId) : undefined,
    f.patientId ? eq(appointments.patientId, f.patientId) : undefined,
    f.status ? eq(appointments.status, f.status) : undefined,
    f.after
      ? sql`(${appointments.start}, ${appointments.id}) > (${f.after.start}::timestamptz, ${f.after.id}::uuid)`
      : undefined,
  ];
  return ex
    .select()
    .from(appointments)
    .where(and(...filters))
    .orderBy(asc(appointments.start), asc(appointments.id))
    .limit(f.limit + 1);
}

import { and, asc, eq, getTableColumns, gt, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  appointments,
  patients,
  practitioners,
  type AppointmentRow,
  type NewAuditEvent,
} from '../../db/schema/index.js';

export type AppointmentWrite = Pick<
  AppointmentRow,
  'patientId' | 'practitionerId' | 'start' | 'end' | 'status' | 'reason' | 'notes'
>;

const live = isNull(appointments.deletedAt);

/** An appointment as the schedule shows it: with the patient's name, so a day view needs no N reads. */
export type AppointmentView = AppointmentRow & { patientName: string };

const withPatientName = {
  ...getTableColumns(appointments),
  patientName: sql<string>`${patients.givenName} || ' ' || ${patients.familyName}`,
};

export async function findAppointmentView(ex: Executor, id: string): Promise<AppointmentView | undefined> {
  const [row] = await ex
    .select(withPatientName)
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(eq(appointments.id, id), live));
  return row;
}

export async function patientNameOf(ex: Executor, patientId: string): Promise<string> {
  const [row] = await ex
    .select({ name: sql<string>`${patients.givenName} || ' ' || ${patients.familyName}` })
    .from(patients)
    .where(eq(patients.id, patientId));
  return row?.name ?? '';
}

/** Busy intervals of a practitioner in [from, to): times only, nothing about who. */
export async function busyIntervals(ex: Executor, practitionerId: string, from: Date, to: Date) {
  return ex
    .select({ start: appointments.start, end: appointments.end })
    .from(appointments)
    .where(
      and(
        live,
        eq(appointments.practitionerId, practitionerId),
        inArray(appointments.status, ['booked', 'arrived']),
        lt(appointments.start, to),
        gt(appointments.end, from),
      ),
    )
    .orderBy(asc(appointments.start));
}

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
export async function listAppointments(ex: Executor, f: AppointmentFilter): Promise<AppointmentView[]> {
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
    .select(withPatientName)
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(...filters))
    .orderBy(asc(appointments.start), asc(appointments.id))
    .limit(f.limit + 1);
}

export type BookingResult =
  | { kind: 'booked'; appointment: AppointmentView }
  | { kind: 'missing'; patient: boolean; practitioner: boolean };

const COLUMNS = Object.entries(getTableColumns(appointments));

/**
 * Books an appointment and writes its audit event in one statement (one round trip, atomic): both
 * parties locked against deletion while it runs (as lockPatient/lockPractitioner do), the insert, the
 * patient's name for the answer, the event. The no-overlap constraint still decides conflicts: it fails
 * the whole statement (EXCLUSION_VIOLATION), event included.
 */
export async function bookAudited(
  ex: Executor,
  row: AppointmentWrite,
  event: Omit<NewAuditEvent, 'outcome' | 'resourceId' | 'patientId'>,
): Promise<BookingResult> {
  const result = (await ex.execute(sql`
    with party as (
      select (select ${patients.givenName} || ' ' || ${patients.familyName} from ${patients}
              where ${patients.id} = ${row.patientId} and ${patients.deletedAt} is null for key share) as patient_name,
             exists (select 1 from ${practitioners} where ${practitioners.id} = ${row.practitionerId} for key share)
               as has_practitioner
    ),
    ins as (
      insert into ${appointments} (patient_id, practitioner_id, start_at, end_at, status, reason, notes)
      select ${row.patientId}::uuid, ${row.practitionerId}::uuid, ${row.start.toISOString()}::timestamptz,
             ${row.end.toISOString()}::timestamptz, ${row.status}, ${row.reason}, ${row.notes}
      from party where patient_name is not null and has_practitioner
      returning *
    ),
    audit_write as (
      insert into audit_events (actor_id, actor_role, action, resource_type, resource_id, patient_id, outcome,
                                request_id, ip, user_agent)
      select ${event.actorId}, ${event.actorRole}, ${event.action}, ${event.resourceType}, ins.id, ins.patient_id,
             'success', ${event.requestId}, ${event.ip}, ${event.userAgent}
      from ins
      returning id
    )
    select party.patient_name, party.has_practitioner, ins.* from party left join ins on true`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  const raw = result.rows[0]!;
  if (raw.id == null) {
    return { kind: 'missing', patient: raw.patient_name == null, practitioner: !raw.has_practitioner };
  }
  const appointment = Object.fromEntries(
    COLUMNS.map(([key, column]) => [
      key,
      raw[column.name] == null ? null : column.mapFromDriverValue(raw[column.name]),
    ]),
  ) as AppointmentRow;
  return { kind: 'booked', appointment: { ...appointment, patientName: String(raw.patient_name) } };
}

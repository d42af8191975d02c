import {
  and,
  asc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
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
  | 'patientId'
  | 'practitionerId'
  | 'start'
  | 'end'
  | 'status'
  | 'reason'
  | 'notes'
  | 'appointmentTypeId'
  | 'seriesId'
  | 'bufferEndAt'
  | 'cancellationReason'
  | 'cancelledAt'
  | 'overrideReason'
>;

/** Until when an appointment holds its practitioner: its end, or the end of the buffer after it. */
const heldUntil = sql<Date>`coalesce(${appointments.bufferEndAt}, ${appointments.end})`;
/** The longest an appointment plus its buffer lasts (8 h + 4 h): bounds index scans by start. */
const LONGEST_HOLD_MS = 12 * 3_600_000;

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

/** Busy intervals of a practitioner in [from, to), buffers included: times only, nothing about who. */
export async function busyIntervals(ex: Executor, practitionerId: string, from: Date, to: Date) {
  const rows = await heldIntervals(ex, [practitionerId], from, to);
  return rows.map(({ start, end }) => ({ start, end }));
}

/**
 * When practitioners are held (booked or arrived, each with its buffer) in [from, to), in start
 * order. One range scan of (practitioner_id, start_at) per practitioner: an appointment that holds
 * anything after `from` starts at most LONGEST_HOLD_MS before it.
 */
export async function heldIntervals(ex: Executor, practitionerIds: string[], from: Date, to: Date) {
  if (practitionerIds.length === 0) return [];
  const rows = await ex
    .select({ practitionerId: appointments.practitionerId, start: appointments.start, end: heldUntil })
    .from(appointments)
    .where(
      and(
        live,
        practitionerIds.length === 1
          ? eq(appointments.practitionerId, practitionerIds[0]!)
          : inArray(appointments.practitionerId, practitionerIds),
        inArray(appointments.status, ['booked', 'arrived']),
        gt(appointments.start, new Date(from.getTime() - LONGEST_HOLD_MS)),
        lt(appointments.start, to),
        sql`${heldUntil} > ${from.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(appointments.start));
  // The driver maps the timestamp columns; the coalesce comes back raw.
  return rows.map((r) => ({ practitionerId: r.practitionerId, start: r.start, end: new Date(r.end) }));
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

/** Changes some fields of an appointment (and bumps its version). */
export async function patchAppointment(
  ex: Executor,
  id: string,
  patch: Partial<AppointmentWrite>,
): Promise<AppointmentRow> {
  const [updated] = await ex
    .update(appointments)
    .set({ ...patch, updatedAt: sql`now()`, version: sql`${appointments.version} + 1` })
    .where(and(eq(appointments.id, id), live))
    .returning();
  return updated!;
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

/**
 * The active appointment that overlaps a slot for this practitioner (buffers included, as the
 * database's constraint counts them) or this patient, if any.
 */
export async function findClash(
  ex: Executor,
  slot: { practitionerId: string; patientId: string; start: Date; end: Date; bufferEndAt?: Date | null },
  exceptIds: string[] = [],
): Promise<AppointmentRow | undefined> {
  const held = (slot.bufferEndAt ?? slot.end).toISOString();
  const [row] = await ex
    .select()
    .from(appointments)
    .where(
      and(
        live,
        inArray(appointments.status, ['booked', 'arrived']),
        or(
          and(
            eq(appointments.practitionerId, slot.practitionerId),
            lt(appointments.start, sql`${held}::timestamptz`),
            sql`${heldUntil} > ${slot.start.toISOString()}::timestamptz`,
          ),
          and(
            eq(appointments.patientId, slot.patientId),
            lt(appointments.start, slot.end),
            gt(appointments.end, slot.start),
          ),
        ),
        exceptIds.length > 0 ? notInArray(appointments.id, exceptIds) : undefined,
      ),
    )
    .orderBy(asc(appointments.start))
    .limit(1);
  return row;
}

/** Occurrences of a series, in start order (those `status` allows, from `from` on when given). */
export async function seriesMembers(
  ex: Executor,
  seriesId: string,
  f: { from?: Date; statuses?: AppointmentRow['status'][] } = {},
): Promise<AppointmentRow[]> {
  return ex
    .select()
    .from(appointments)
    .where(
      and(
        live,
        eq(appointments.seriesId, seriesId),
        f.from ? gte(appointments.start, f.from) : undefined,
        f.statuses ? inArray(appointments.status, f.statuses) : undefined,
      ),
    )
    .orderBy(asc(appointments.start))
    .for('update');
}

/** Locks one appointment for a change (and reads it). */
export async function lockAppointment(ex: Executor, id: string): Promise<AppointmentRow | undefined> {
  const [row] = await ex
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, id), live))
    .for('update');
  return row;
}

/** Appointments of one series cancelled together (by one cancel, at one instant). */
export async function cancelledTogether(
  ex: Executor,
  row: Pick<AppointmentRow, 'id' | 'seriesId' | 'cancelledAt'>,
): Promise<AppointmentRow[]> {
  if (!row.seriesId || !row.cancelledAt) return [];
  return ex
    .select()
    .from(appointments)
    .where(
      and(
        live,
        eq(appointments.seriesId, row.seriesId),
        eq(appointments.status, 'cancelled'),
        eq(appointments.cancelledAt, row.cancelledAt),
      ),
    )
    .orderBy(asc(appointments.start))
    .for('update');
}

export async function insertAppointments(ex: Executor, rows: AppointmentWrite[]): Promise<AppointmentRow[]> {
  if (rows.length === 0) return [];
  return ex.insert(appointments).values(rows).returning();
}

/** How often a patient did not come, and when last. */
export async function noShowsOf(ex: Executor, patientId: string) {
  const [row] = await ex
    .select({ count: sql<number>`count(*)::int`, last: sql<string | null>`max(${appointments.start})` })
    .from(appointments)
    .where(and(live, eq(appointments.patientId, patientId), eq(appointments.status, 'noshow')));
  return { count: Number(row?.count ?? 0), last: row?.last ? new Date(row.last) : null };
}

/** Names of several patients at once (answers of a series or a cancel across patients). */
export async function patientNamesOf(ex: Executor, patientIds: string[]): Promise<Map<string, string>> {
  if (patientIds.length === 0) return new Map();
  const rows = await ex
    .select({ id: patients.id, name: sql<string>`${patients.givenName} || ' ' || ${patients.familyName}` })
    .from(patients)
    .where(inArray(patients.id, [...new Set(patientIds)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type AppointmentFilter = {
  from?: Date;
  to?: Date;
  practitionerId?: string;
  patientId?: string;
  status?: AppointmentRow['status'];
  seriesId?: string;
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
    f.seriesId ? eq(appointments.seriesId, f.seriesId) : undefined,
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
      insert into ${appointments} (patient_id, practitioner_id, start_at, end_at, status, reason, notes,
                                   appointment_type_id, buffer_end_at, override_reason)
      select ${row.patientId}::uuid, ${row.practitionerId}::uuid, ${row.start.toISOString()}::timestamptz,
             ${row.end.toISOString()}::timestamptz, ${row.status}, ${row.reason}, ${row.notes},
             ${row.appointmentTypeId}::uuid, ${row.bufferEndAt?.toISOString() ?? null}::timestamptz,
             ${row.overrideReason}
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

import {
  CANCEL_UNDO_MINUTES,
  MAX_APPOINTMENT_MINUTES,
  type Appointment,
  type AppointmentInput,
  type AppointmentList,
  type AppointmentListQuery,
  type Attendance,
  type CancelInput,
  type ErrorCode,
  type ErrorIssue,
  type MoveInput,
  type SeriesCreated,
} from '@medicare/contracts';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../db/client.js';
import { grantOf, type Permission } from '../../auth/permissions.js';
import { systemClock, type Clock, type RequestContext } from '../../auth/principal.js';
import { ownPatientOnly, requireScope } from '../../auth/scope.js';
import { audited, auditFailure, eventOf } from '../../platform/audit.js';
import { EXCLUSION_VIOLATION, sqlState } from '../../db/errors.js';
import type { AppointmentRow, AppointmentTypeRow } from '../../db/schema/index.js';
import { keyset } from '../../lib/cursor.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { expectedVersion, stale } from '../../lib/versioning.js';
import { lockPatient, requirePatientInScope } from '../patients/index.js';
import {
  DEFAULT_HOURS,
  findHours,
  localDateOf,
  localOf,
  lockPractitioner,
  withinHours,
} from '../practitioners/index.js';
import { findAppointmentType, offers } from '../scheduling/index.js';
import * as repo from './appointments.repository.js';
import { lifecycle, type AppointmentHooks } from './lifecycle.js';
import { occurrencesOf, shiftLocally } from './recurrence.js';

/** In start order by (start, id). */
const byStart = keyset('instant', 'uuid');
const MINUTE = 60_000;
const ACTIVE = ['booked', 'arrived'] as const;
const isActive = (status: AppointmentRow['status']) => status === 'booked' || status === 'arrived';

export function toAppointment(row: repo.AppointmentView): Appointment {
  return {
    id: row.id,
    patientId: row.patientId,
    patientName: row.patientName,
    practitionerId: row.practitionerId,
    start: row.start.toISOString(),
    end: row.end.toISOString(),
    status: row.status,
    reason: row.reason,
    notes: row.notes,
    appointmentTypeId: row.appointmentTypeId,
    seriesId: row.seriesId,
    cancellationReason: row.cancellationReason,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    overrideReason: row.overrideReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** Start, end and the end of the buffer after: `end` given, or start + the type's duration. */
function timesOf(
  start: Date,
  end: Date | undefined,
  type: AppointmentTypeRow | undefined,
): { start: Date; end: Date; bufferEndAt: Date | null } {
  const issues: ErrorIssue[] = [];
  const until = end ?? (type ? new Date(start.getTime() + type.durationMinutes * MINUTE) : undefined);
  if (!until) issues.push({ path: '/end', message: 'is required unless appointmentTypeId is given' });
  else if (until <= start) issues.push({ path: '/end', message: 'must be after start' });
  else if (until.getTime() - start.getTime() > MAX_APPOINTMENT_MINUTES * MINUTE) {
    issues.push({
      path: '/end',
      message: `must be at most ${MAX_APPOINTMENT_MINUTES / 60} hours after start`,
    });
  }
  if (issues.length > 0 || !until) throw invalid(issues);
  const bufferEndAt =
    type && type.bufferMinutes > 0 ? new Date(until.getTime() + type.bufferMinutes * MINUTE) : null;
  return { start, end: until, bufferEndAt };
}

/**
 * The API's rules for an appointment's fields and times. Imports apply them through index.ts
 * (appointmentWriteOf, no type: legacy rows carry their own times and are not held to working hours).
 */
export function toWrite(
  input: AppointmentInput,
  type?: AppointmentTypeRow,
  patientBooks = false,
): repo.AppointmentWrite {
  const start = new Date(input.start);
  // A patient books the type's length; staff may set another end.
  const end = input.end && !(patientBooks && type) ? new Date(input.end) : undefined;
  return {
    patientId: input.patientId,
    practitionerId: input.practitionerId,
    ...timesOf(start, end, type),
    status: patientBooks ? 'booked' : (input.status ?? 'booked'),
    reason: input.reason?.trim() || null,
    notes: input.notes ?? null,
    appointmentTypeId: type?.id ?? null,
    seriesId: null,
    cancellationReason: null,
    cancelledAt: null,
    overrideReason: input.override?.reason.trim() || null,
  };
}

const typeMissing = () =>
  new AppError('APPOINTMENT_REFERENCE_INVALID', 'The appointment refers to records that do not exist', {
    issues: [{ path: '/appointmentTypeId', message: 'no such appointment type' }],
  });

/** Both parties must exist (and stay, until the transaction ends); else 422 naming which. */
async function requireParties(tx: Executor, row: repo.AppointmentWrite): Promise<void> {
  const patient = await lockPatient(tx, row.patientId);
  const practitioner = await lockPractitioner(tx, row.practitionerId);
  if (!patient || !practitioner) throw referenceInvalid(!patient, !practitioner);
}

function referenceInvalid(patient: boolean, practitioner: boolean): AppError {
  const issues: ErrorIssue[] = [];
  if (patient) issues.push({ path: '/patientId', message: 'no such patient' });
  if (practitioner) issues.push({ path: '/practitionerId', message: 'no such practitioner' });
  return new AppError(
    'APPOINTMENT_REFERENCE_INVALID',
    'The appointment refers to records that do not exist',
    {
      issues,
    },
  );
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;

const MISSING = { code: 'APPOINTMENT_NOT_FOUND', message: 'Appointment not found' } as const;
const NO_SUCH_PATIENT: { code: ErrorCode; message: string; issues: ErrorIssue[] } = {
  code: 'APPOINTMENT_REFERENCE_INVALID',
  message: 'The appointment refers to records that do not exist',
  issues: [{ path: '/patientId', message: 'no such patient' }],
};

/**
 * What a change to an appointment asks of the caller: a cancellation, a status change, or a full
 * edit (reschedule, reassign, notes). Each is its own permission in the matrix.
 */
function permissionFor(current: AppointmentRow, next: repo.AppointmentWrite): Permission {
  const same =
    current.patientId === next.patientId &&
    current.appointmentTypeId === next.appointmentTypeId &&
    current.practitionerId === next.practitionerId &&
    current.start.getTime() === next.start.getTime() &&
    current.end.getTime() === next.end.getTime() &&
    current.reason === next.reason &&
    current.notes === next.notes;
  if (!same) return 'appointment.update';
  if (next.status === 'cancelled' && current.status !== 'cancelled') return 'appointment.cancel';
  return 'appointment.setStatus';
}

/** A local time as people read it: `2026-03-10 09:00 (America/New_York)`. */
const localText = (at: Date, timeZone: string) =>
  `${new Date(localOf(at.getTime(), timeZone)).toISOString().slice(0, 16).replace('T', ' ')} (${timeZone})`;

export type AppointmentsDeps = {
  clock?: Clock;
  /** Patients cancel or move their own appointments up to this many hours before (config). */
  cancelCutoffHours?: number;
  /** Reminders and the like: called per occurrence inside the transaction of each change. */
  hooks?: AppointmentHooks;
};

/** Appointments. Every call is audited once; a patient-role caller books, sees and cancels only their own. */
export function createAppointmentsService(database: Pick<Database, 'db'>, deps: AppointmentsDeps = {}) {
  const { db } = database;
  const clock = deps.clock ?? systemClock;
  const cutoffMs = (deps.cancelCutoffHours ?? 24) * 3_600_000;
  const life = lifecycle(deps.hooks ?? {});
  const subject = (
    action: 'read' | 'search' | 'create' | 'update' | 'delete',
    id?: string,
    patientId?: string,
  ) => ({
    action,
    resourceType: 'appointment',
    resourceId: id ?? null,
    patientId: patientId ?? null,
  });
  const isPatient = (ctx: RequestContext) => grantOf(ctx.principal.role, 'appointment.book') === 'own';

  /** 409 naming every attempted slot that clashes with another appointment. */
  async function conflictError(rows: repo.AppointmentWrite[], exceptIds: string[]): Promise<AppError> {
    const conflicts: { start: string; end: string; conflictingAppointmentId: string | null }[] = [];
    let who = 'The patient';
    for (const row of rows) {
      const clash = await repo.findClash(db, row, exceptIds);
      if (!clash) continue;
      if (clash.practitionerId === row.practitionerId) who = 'The practitioner';
      conflicts.push({
        start: row.start.toISOString(),
        end: row.end.toISOString(),
        conflictingAppointmentId: clash.id,
      });
    }
    const message =
      rows.length === 1
        ? `${who} already has an appointment at that time`
        : `${conflicts.length} of ${rows.length} appointments clash with others; nothing was changed`;
    return new AppError('APPOINTMENT_CONFLICT', message, {
      details: {
        ...(conflicts[0]?.conflictingAppointmentId
          ? { conflictingAppointmentId: conflicts[0].conflictingAppointmentId }
          : {}),
        conflicts,
      },
    });
  }

  /**
   * Runs a write; when the database's no-overlap constraint refuses it, answers 409 naming what holds
   * the slot. The constraint, not a prior check, decides: that is what makes it hold when fifty desks
   * book the same slot at once. `attempt` names the slots tried (filled in by the write if need be).
   */
  async function guarded<T>(
    attempt: { rows: repo.AppointmentWrite[]; exceptIds: string[] },
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
      throw await conflictError(attempt.rows, attempt.exceptIds);
    }
  }

  async function resolveType(ex: Executor, id: string | null | undefined) {
    if (!id) return undefined;
    const type = await findAppointmentType(ex, id);
    if (!type) throw typeMissing();
    return type;
  }

  /**
   * The rules of a booking beyond the slot being free (the database decides that): who may override
   * working hours, what a patient may book, the type's practitioners, the hours themselves.
   */
  async function checkBooking(
    ex: Executor,
    ctx: RequestContext,
    type: AppointmentTypeRow | undefined,
    rows: Pick<repo.AppointmentWrite, 'practitionerId' | 'start' | 'end'>[],
    override: boolean,
  ): Promise<void> {
    const patient = isPatient(ctx);
    if (override && !grantOf(ctx.principal.role, 'appointment.override'))
      throw new AppError('FORBIDDEN', 'Only staff may book outside working hours');
    const practitionerId = rows[0]!.practitionerId;
    if (patient) {
      if (!type || !type.patientBookable || !type.active || !offers(type, practitionerId))
        throw new AppError(
          'APPOINTMENT_TYPE_NOT_BOOKABLE',
          'Choose an appointment type this practitioner offers for booking online',
          {
            issues: [
              { path: '/appointmentTypeId', message: 'is not one you may book with this practitioner' },
            ],
          },
        );
      const now = clock().getTime();
      if (rows.some((r) => r.start.getTime() < now))
        throw new AppError('UNPROCESSABLE', 'That time has already passed; choose a free slot ahead');
    } else if (type && (!type.active || !offers(type, practitionerId))) {
      throw new AppError(
        'APPOINTMENT_TYPE_NOT_BOOKABLE',
        type.active
          ? 'This practitioner does not offer this appointment type'
          : 'This appointment type is no longer offered',
        { issues: [{ path: '/appointmentTypeId', message: 'is not offered by this practitioner' }] },
      );
    }
    if (override) return;
    const hours = await findHours(ex, practitionerId);
    if (!hours) return; // the booking itself names what is missing
    const outside = rows.find(
      (r) => !withinHours(hours.availability ?? DEFAULT_HOURS, hours.timeZone, r.start, r.end),
    );
    if (outside) {
      throw new AppError(
        'OUTSIDE_AVAILABILITY',
        `${localText(outside.start, hours.timeZone)} to ${localText(outside.end, hours.timeZone).slice(11)} is outside the practitioner’s working hours` +
          (patient ? '; choose a free slot' : '; to book it anyway, give a reason (override)'),
      );
    }
  }

  /** A patient changes their own appointment only up to the cut-off before it. */
  function checkCutoff(ctx: RequestContext, rows: AppointmentRow[], what: 'cancelled' | 'moved'): void {
    if (!isPatient(ctx)) return;
    const now = clock().getTime();
    const late = rows.find((r) => r.start.getTime() - now < cutoffMs);
    if (!late) return;
    const hours = cutoffMs / 3_600_000;
    throw new AppError(
      'CANCELLATION_WINDOW_PASSED',
      `Appointments can be ${what} online up to ${hours} hours before they start; for this one that time has passed. Please call the clinic.`,
      { details: { deadline: new Date(late.start.getTime() - cutoffMs).toISOString() } },
    );
  }

  /** An appointment is marked arrived only on its own day, in its practitioner's time zone. */
  async function checkArrival(ex: Executor, row: Pick<AppointmentRow, 'practitionerId' | 'start'>) {
    const hours = await findHours(ex, row.practitionerId);
    const zone = hours?.timeZone ?? 'UTC';
    const today = localDateOf(clock(), zone);
    const day = localDateOf(row.start, zone);
    if (today !== day) {
      throw new AppError(
        'NOT_APPOINTMENT_DAY',
        `This appointment is on ${day} (${zone}); it can be marked arrived only on that day (today is ${today})`,
      );
    }
  }

  async function withNames(ex: Executor, rows: AppointmentRow[]): Promise<Appointment[]> {
    const names = await repo.patientNamesOf(
      ex,
      rows.map((r) => r.patientId),
    );
    return rows.map((r) => toAppointment({ ...r, patientName: names.get(r.patientId) ?? '' }));
  }

  /** The occurrences a change of `scope` reaches, from the one named (active ones only, but that one). */
  async function targetsOf(
    tx: Executor,
    current: AppointmentRow,
    scope: 'this' | 'following' | 'all' | undefined,
  ) {
    if (!scope || scope === 'this' || !current.seriesId) return [current];
    const members = await repo.seriesMembers(tx, current.seriesId, { statuses: [...ACTIVE] });
    const now = clock().getTime();
    return members.filter((m) =>
      m.id === current.id
        ? true
        : scope === 'following'
          ? m.start >= current.start
          : m.start.getTime() >= now,
    );
  }

  /** The appointment named, locked, if the caller may see it (404 otherwise) and may do `permission`. */
  async function lockInScope(tx: Executor, ctx: RequestContext, id: string, permission: Permission) {
    const current = await repo.lockAppointment(tx, id);
    if (!current) throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
    // A patient who may not see the appointment must not learn it exists, even by a 403.
    requireScope(ctx, 'appointment.read', current.patientId, MISSING);
    if (!grantOf(ctx.principal.role, permission))
      throw new AppError('FORBIDDEN', 'Your role may not make this change to an appointment');
    requireScope(ctx, permission, current.patientId, MISSING);
    return current;
  }

  /** `guard` runs first inside the audited transaction (the patient of /patient/:patientId). */
  async function list(
    ctx: RequestContext,
    query: AppointmentListQuery,
    guard?: (tx: Executor) => Promise<unknown>,
  ) {
    const limit = query.limit ?? 20;
    const after = byStart.decode(query.cursor);
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && to <= from) throw invalid([{ path: '/to', message: 'must be after from' }]);
    const own = ownPatientOnly(ctx, 'appointment.read');
    return audited(database, ctx, subject('search', undefined, query.patientId ?? own), async (tx) => {
      await guard?.(tx);
      const rows = await repo.listAppointments(tx, {
        from,
        to,
        practitionerId: query.practitionerId,
        patientId: own ?? query.patientId,
        status: query.status,
        seriesId: query.seriesId,
        limit,
        after: after && { start: after[0], id: after[1] },
      });
      const page = byStart.page(rows, limit, (a) => [a.start.toISOString(), a.id]);
      return {
        result: { items: page.items.map(toAppointment), nextCursor: page.nextCursor },
        resultIds: page.items.map((a) => a.id),
      };
    });
  }

  /** A recurring series: every occurrence booked, or none (409 naming each clash), or the free ones. */
  async function createSeries(
    ctx: RequestContext,
    input: AppointmentInput & { recurrence: NonNullable<AppointmentInput['recurrence']> },
  ): Promise<SeriesCreated> {
    const about = subject('create', undefined, input.patientId);
    const attempt = { rows: [] as repo.AppointmentWrite[], exceptIds: [] as string[] };
    return guarded(attempt, () =>
      audited(database, ctx, about, async (tx) => {
        requireScope(ctx, 'appointment.book', input.patientId, NO_SUCH_PATIENT);
        const type = await resolveType(tx, input.appointmentTypeId);
        const first = toWrite(input, type, isPatient(ctx));
        await requireParties(tx, first);
        const hours = await findHours(tx, first.practitionerId);
        const starts = occurrencesOf(input.recurrence.rrule, first.start, hours!.timeZone);
        const length = first.end.getTime() - first.start.getTime();
        const hold = (first.bufferEndAt ?? first.end).getTime() - first.start.getTime();
        const seriesId = randomUUID();
        const rows = starts.map((start) => ({
          ...first,
          seriesId,
          start,
          end: new Date(start.getTime() + length),
          bufferEndAt: first.bufferEndAt ? new Date(start.getTime() + hold) : null,
        }));
        for (let i = 1; i < rows.length; i++) {
          if (rows[i]!.start.getTime() < rows[i - 1]!.start.getTime() + hold)
            throw invalid([{ path: '/recurrence/rrule', message: 'makes occurrences overlap each other' }]);
        }
        attempt.rows = rows;
        await checkBooking(tx, ctx, type, rows, Boolean(input.override));
        let created: AppointmentRow[];
        const skipped: { start: string; end: string }[] = [];
        if (input.recurrence.onConflict === 'skip') {
          created = [];
          for (const row of rows) {
            try {
              // A savepoint per occurrence: a clash (decided by the constraint) skips just that one.
              created.push(...(await tx.transaction((sp) => repo.insertAppointments(sp, [row]))));
            } catch (error) {
              if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
              skipped.push({ start: row.start.toISOString(), end: row.end.toISOString() });
            }
          }
          if (created.length === 0) throw await conflictError(rows, []);
        } else {
          created = await repo.insertAppointments(tx, rows);
        }
        await life.booked(tx, created);
        return {
          result: { seriesId, items: await withNames(tx, created), skipped },
          resourceId: created[0]!.id,
          patientId: input.patientId,
          resultIds: created.map((c) => c.id),
        };
      }),
    );
  }

  return {
    async create(ctx: RequestContext, input: AppointmentInput): Promise<Appointment | SeriesCreated> {
      if (input.recurrence) return createSeries(ctx, { ...input, recurrence: input.recurrence });
      const about = subject('create', undefined, input.patientId);
      const attempt = { rows: [] as repo.AppointmentWrite[], exceptIds: [] as string[] };
      if (!ctx.idempotency && !life.watchesBookings) {
        // The hot path: the hours (one read by key; none with an override), then locks, insert and
        // audit event in one statement, one round trip.
        return guarded(attempt, async () => {
          try {
            requireScope(ctx, 'appointment.book', input.patientId, NO_SUCH_PATIENT);
            const type = await resolveType(db, input.appointmentTypeId);
            const row = toWrite(input, type, isPatient(ctx));
            attempt.rows = [row];
            await checkBooking(db, ctx, type, [row], Boolean(input.override));
            const booked = await repo.bookAudited(db, row, eventOf(ctx, about, 'success'));
            if (booked.kind === 'missing') throw referenceInvalid(booked.patient, booked.practitioner);
            return toAppointment(booked.appointment);
          } catch (error) {
            return auditFailure(database, ctx, about, error);
          }
        });
      }
      // With an Idempotency-Key the key is claimed in the same transaction as the booking.
      return guarded(attempt, () =>
        audited(database, ctx, about, async (tx) => {
          requireScope(ctx, 'appointment.book', input.patientId, NO_SUCH_PATIENT);
          const type = await resolveType(tx, input.appointmentTypeId);
          const row = toWrite(input, type, isPatient(ctx));
          attempt.rows = [row];
          await requireParties(tx, row);
          await checkBooking(tx, ctx, type, [row], Boolean(input.override));
          const created = await repo.insertAppointment(tx, row);
          await life.booked(tx, [created]);
          const patientName = await repo.patientNameOf(tx, created.patientId);
          return { result: toAppointment({ ...created, patientName }), resourceId: created.id };
        }),
      );
    },

    async get(ctx: RequestContext, id: string): Promise<Appointment> {
      return audited(database, ctx, subject('read', id), async (tx) => {
        const row = await repo.findAppointmentView(tx, id);
        if (!row) throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
        requireScope(ctx, 'appointment.read', row.patientId, MISSING);
        return { result: toAppointment(row), patientId: row.patientId };
      });
    },

    list: (ctx: RequestContext, query: AppointmentListQuery) => list(ctx, query),

    async listForPatient(
      ctx: RequestContext,
      patientId: string,
      query: Omit<AppointmentListQuery, 'patientId'>,
    ) {
      return list(ctx, { ...query, patientId }, (tx) =>
        requirePatientInScope(tx, ctx, 'appointment.read', patientId),
      );
    },

    async update(
      ctx: RequestContext,
      id: string,
      input: AppointmentInput,
      ifMatch: string | undefined,
    ): Promise<Appointment> {
      const version = expectedVersion(ifMatch);
      const attempt = { rows: [] as repo.AppointmentWrite[], exceptIds: [id] };
      return guarded(attempt, () =>
        audited(database, ctx, subject('update', id, input.patientId), async (tx) => {
          const current = await repo.lockAppointment(tx, id);
          if (!current) throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
          requireScope(ctx, 'appointment.read', current.patientId, MISSING);
          // Left out: the type stays; null: no type.
          const typeId =
            input.appointmentTypeId === undefined ? current.appointmentTypeId : input.appointmentTypeId;
          const type =
            typeId && typeId === current.appointmentTypeId
              ? await findAppointmentType(tx, typeId)
              : await resolveType(tx, typeId);
          const row: repo.AppointmentWrite = {
            ...toWrite(input, type, false),
            seriesId: current.seriesId,
          };
          attempt.rows = [row];
          const permission = permissionFor(current, row);
          const grant = grantOf(ctx.principal.role, permission);
          // A patient who may not see the appointment must not learn it exists, even by a 403.
          if (!grant) throw new AppError('FORBIDDEN', 'Your role may not make this change to an appointment');
          requireScope(ctx, permission, current.patientId, MISSING);
          if (version !== undefined && current.version !== version) throw stale();
          const moved =
            current.practitionerId !== row.practitionerId ||
            current.start.getTime() !== row.start.getTime() ||
            current.end.getTime() !== row.end.getTime();
          // A cancellation keeps when it happened; anything else has none.
          if (row.status === 'cancelled') {
            const already = current.status === 'cancelled';
            row.cancelledAt = already ? current.cancelledAt : clock();
            row.cancellationReason = already ? current.cancellationReason : null;
            if (!already) checkCutoff(ctx, [current], 'cancelled');
          }
          if (!moved && !input.override) row.overrideReason = current.overrideReason;
          await requireParties(tx, row);
          if (isActive(row.status) && (moved || type?.id !== (current.appointmentTypeId ?? undefined))) {
            await checkBooking(tx, ctx, type, [row], Boolean(input.override));
          }
          if (row.status === 'arrived' && current.status !== 'arrived') await checkArrival(tx, row);
          const written = await repo.updateAppointment(tx, id, current.version, row);
          if (!written) throw stale();
          await life.changed(tx, current, written);
          const patientName = await repo.patientNameOf(tx, written.patientId);
          return { result: toAppointment({ ...written, patientName }), patientId: current.patientId };
        }),
      );
    },

    /** Cancel one appointment, or this and the following occurrences, or every coming one. */
    async cancel(ctx: RequestContext, id: string, input: CancelInput): Promise<AppointmentList> {
      return audited(database, ctx, subject('update', id), async (tx) => {
        const current = await lockInScope(tx, ctx, id, 'appointment.cancel');
        if (!isActive(current.status) && (input.scope ?? 'this') === 'this') {
          if (current.status === 'cancelled')
            return { result: { items: await withNames(tx, [current]) }, patientId: current.patientId };
          throw new AppError('UNPROCESSABLE', `An appointment marked ${current.status} cannot be cancelled`);
        }
        const targets = (await targetsOf(tx, current, input.scope)).filter((t) => isActive(t.status));
        checkCutoff(ctx, targets, 'cancelled');
        const at = clock();
        const reason = input.reason?.trim() || null;
        const changed: AppointmentRow[] = [];
        for (const t of targets) {
          const written = await repo.patchAppointment(tx, t.id, {
            status: 'cancelled',
            cancelledAt: at,
            cancellationReason: reason,
          });
          await life.changed(tx, t, written);
          changed.push(written);
        }
        return {
          result: { items: await withNames(tx, changed) },
          patientId: current.patientId,
          resultIds: changed.map((c) => c.id),
        };
      });
    },

    /** Undo a cancellation shortly after it (all the occurrences it cancelled), if the slots are free. */
    async undoCancel(ctx: RequestContext, id: string): Promise<AppointmentList> {
      const attempt = { rows: [] as repo.AppointmentWrite[], exceptIds: [] as string[] };
      return guarded(attempt, () =>
        audited(database, ctx, subject('update', id), async (tx) => {
          const current = await lockInScope(tx, ctx, id, 'appointment.cancel');
          if (current.status !== 'cancelled')
            throw new AppError('UNPROCESSABLE', 'This appointment is not cancelled');
          const now = clock().getTime();
          if (!current.cancelledAt || now - current.cancelledAt.getTime() > CANCEL_UNDO_MINUTES * MINUTE)
            throw new AppError(
              'UNDO_WINDOW_PASSED',
              `A cancellation can be undone for ${CANCEL_UNDO_MINUTES} minutes; book the appointment again instead`,
            );
          const together = await repo.cancelledTogether(tx, current);
          const group = together.some((t) => t.id === current.id) ? together : [current];
          attempt.rows = group.map((g) => ({ ...g, status: 'booked' }));
          attempt.exceptIds = group.map((g) => g.id);
          const changed: AppointmentRow[] = [];
          for (const g of group) {
            const written = await repo.patchAppointment(tx, g.id, {
              status: 'booked',
              cancelledAt: null,
              cancellationReason: null,
            });
            await life.changed(tx, g, written);
            changed.push(written);
          }
          return {
            result: { items: await withNames(tx, changed) },
            patientId: current.patientId,
            resultIds: changed.map((c) => c.id),
          };
        }),
      );
    },

    /**
     * Move an appointment (or this and the following occurrences, or every coming one, each by the
     * same change of wall-clock time) and optionally to another practitioner.
     */
    async move(ctx: RequestContext, id: string, input: MoveInput): Promise<AppointmentList> {
      const attempt = { rows: [] as repo.AppointmentWrite[], exceptIds: [] as string[] };
      return guarded(attempt, () =>
        audited(database, ctx, subject('update', id), async (tx) => {
          const current = await lockInScope(tx, ctx, id, 'appointment.reschedule');
          if (current.status !== 'booked')
            throw new AppError('UNPROCESSABLE', `An appointment marked ${current.status} cannot be moved`);
          const patient = isPatient(ctx);
          const type = current.appointmentTypeId
            ? await findAppointmentType(tx, current.appointmentTypeId)
            : undefined;
          const targets = (await targetsOf(tx, current, input.scope)).filter((t) => t.status === 'booked');
          checkCutoff(ctx, targets, 'moved');
          const practitionerId = input.practitionerId ?? current.practitionerId;
          const hours = await findHours(tx, practitionerId);
          if (!hours) throw referenceInvalid(false, true);
          const newStart = new Date(input.start);
          // A patient keeps the type's length; staff keep each one's own unless they give an end.
          const length =
            patient && type
              ? type.durationMinutes * MINUTE
              : input.end
                ? Date.parse(input.end) - newStart.getTime()
                : undefined;
          timesOf(
            newStart,
            new Date(newStart.getTime() + (length ?? current.end.getTime() - current.start.getTime())),
            undefined,
          );
          const rows = targets.map((t) => {
            const start =
              t.id === current.id ? newStart : shiftLocally(t.start, current.start, newStart, hours.timeZone);
            const end = new Date(start.getTime() + (length ?? t.end.getTime() - t.start.getTime()));
            const buffer = type
              ? type.bufferMinutes * MINUTE
              : t.bufferEndAt
                ? t.bufferEndAt.getTime() - t.end.getTime()
                : 0;
            return {
              target: t,
              write: {
                ...t,
                practitionerId,
                start,
                end,
                bufferEndAt: buffer > 0 ? new Date(end.getTime() + buffer) : null,
                overrideReason: input.override?.reason.trim() || null,
              } satisfies repo.AppointmentWrite,
            };
          });
          if (
            rows.some(
              (r) => r.write.end.getTime() - r.write.start.getTime() > MAX_APPOINTMENT_MINUTES * MINUTE,
            )
          )
            throw invalid([
              { path: '/end', message: `must be at most ${MAX_APPOINTMENT_MINUTES / 60} hours after start` },
            ]);
          attempt.rows = rows.map((r) => r.write);
          attempt.exceptIds = targets.map((t) => t.id);
          await checkBooking(tx, ctx, type, attempt.rows, Boolean(input.override));
          // Later ones first when moving later (earlier first when earlier): occurrences never meet
          // each other on the way, only what else is booked.
          const later = newStart > current.start;
          rows.sort((a, b) => (later ? -1 : 1) * (a.write.start.getTime() - b.write.start.getTime()));
          const changed: AppointmentRow[] = [];
          for (const { target, write } of rows) {
            const written = await repo.patchAppointment(tx, target.id, {
              practitionerId: write.practitionerId,
              start: write.start,
              end: write.end,
              bufferEndAt: write.bufferEndAt,
              overrideReason: write.overrideReason,
            });
            await life.changed(tx, target, written);
            changed.push(written);
          }
          changed.sort((a, b) => a.start.getTime() - b.start.getTime());
          return {
            result: { items: await withNames(tx, changed) },
            patientId: current.patientId,
            resultIds: changed.map((c) => c.id),
          };
        }),
      );
    },

    /** How often a patient did not come. */
    async attendance(ctx: RequestContext, patientId: string): Promise<Attendance> {
      return audited(database, ctx, subject('read', undefined, patientId), async (tx) => {
        await requirePatientInScope(tx, ctx, 'appointment.attendance', patientId);
        const noShows = await repo.noShowsOf(tx, patientId);
        return {
          result: {
            patientId,
            noShows: noShows.count,
            lastNoShowAt: noShows.last?.toISOString() ?? null,
          },
          patientId,
        };
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await audited(database, ctx, subject('delete', id), async (tx) => {
        const current = await repo.findAppointment(tx, id);
        if (!current || !(await repo.softDeleteAppointment(tx, id)))
          throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
        if (isActive(current.status)) await life.removed(tx, current);
        return { result: undefined, patientId: current.patientId };
      });
    },
  };
}

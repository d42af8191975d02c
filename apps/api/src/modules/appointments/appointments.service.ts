import {
  MAX_APPOINTMENT_MINUTES,
  type Appointment,
  type AppointmentInput,
  type AppointmentListQuery,
  type ErrorCode,
  type ErrorIssue,
} from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import { grantOf, type Permission } from '../../auth/permissions.js';
import type { RequestContext } from '../../auth/principal.js';
import { ownPatientOnly, requireScope } from '../../auth/scope.js';
import { audited, auditFailure, eventOf } from '../../platform/audit.js';
import { EXCLUSION_VIOLATION, sqlState } from '../../db/errors.js';
import type { AppointmentRow } from '../../db/schema/index.js';
import { keyset } from '../../lib/cursor.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { expectedVersion, stale } from '../../lib/versioning.js';
import { lockPatient, requirePatientInScope } from '../patients/index.js';
import { lockPractitioner } from '../practitioners/index.js';
import * as repo from './appointments.repository.js';

/** In start order by (start, id). */
const byStart = keyset('instant', 'uuid');

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
    appointmentTypeId: null,
    seriesId: null,
    cancellationReason: null,
    cancelledAt: null,
    overrideReason: null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

function toWrite(input: AppointmentInput): repo.AppointmentWrite {
  const start = new Date(input.start);
  const end = new Date(input.end ?? Number.NaN);
  const issues: ErrorIssue[] = [];
  if (Number.isNaN(end.getTime())) issues.push({ path: '/end', message: 'is required' });
  else if (end <= start) issues.push({ path: '/end', message: 'must be after start' });
  else if (end.getTime() - start.getTime() > MAX_APPOINTMENT_MINUTES * 60_000) {
    issues.push({
      path: '/end',
      message: `must be at most ${MAX_APPOINTMENT_MINUTES / 60} hours after start`,
    });
  }
  if (issues.length > 0) throw invalid(issues);
  return {
    patientId: input.patientId,
    practitionerId: input.practitionerId,
    start,
    end,
    status: input.status ?? 'booked',
    reason: input.reason?.trim() || null,
    notes: input.notes ?? null,
  };
}

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
    current.practitionerId === next.practitionerId &&
    current.start.getTime() === next.start.getTime() &&
    current.end.getTime() === next.end.getTime() &&
    current.reason === next.reason &&
    current.notes === next.notes;
  if (!same) return 'appointment.update';
  if (next.status === 'cancelled' && current.status !== 'cancelled') return 'appointment.cancel';
  return 'appointment.setStatus';
}

/** Appointments. Every call is audited once; a patient-role caller books, sees and cancels only their own. */
export function createAppointmentsService(database: Pick<Database, 'db'>) {
  const { db } = database;
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

  /**
   * Runs a write; when the database's no-overlap constraint refuses it, answers 409 naming the
   * appointment that holds the slot. The constraint, not a prior check, decides: that is what makes
   * it hold when fifty desks book the same slot at once.
   */
  async function guarded<T>(
    row: repo.AppointmentWrite,
    exceptId: string | undefined,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
      const clash = await repo.findClash(db, row, exceptId);
      const who = clash && clash.practitionerId === row.practitionerId ? 'The practitioner' : 'The patient';
      throw new AppError('APPOINTMENT_CONFLICT', `${who} already has an appointment at that time`, {
        details: clash ? { conflictingAppointmentId: clash.id } : {},
      });
    }
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

  return {
    async create(ctx: RequestContext, input: AppointmentInput): Promise<Appointment> {
      const row = toWrite(input);
      if (!ctx.idempotency) {
        // The hot path: locks, insert and audit event in one statement, one round trip.
        const about = subject('create', undefined, row.patientId);
        return guarded(row, undefined, async () => {
          try {
            requireScope(ctx, 'appointment.book', row.patientId, NO_SUCH_PATIENT);
            const booked = await repo.bookAudited(db, row, eventOf(ctx, about, 'success'));
            if (booked.kind === 'missing') throw referenceInvalid(booked.patient, booked.practitioner);
            return toAppointment(booked.appointment);
          } catch (error) {
            return auditFailure(database, ctx, about, error);
          }
        });
      }
      // With an Idempotency-Key the key is claimed in the same transaction as the booking.
      return guarded(row, undefined, () =>
        audited(database, ctx, subject('create', undefined, row.patientId), async (tx) => {
          requireScope(ctx, 'appointment.book', row.patientId, NO_SUCH_PATIENT);
          await requireParties(tx, row);
          const created = await repo.insertAppointment(tx, row);
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
      const row = toWrite(input);
      return guarded(row, id, () =>
        audited(database, ctx, subject('update', id, row.patientId), async (tx) => {
          const current = await repo.findAppointment(tx, id);
          if (!current) throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
          const permission = permissionFor(current, row);
          const grant = grantOf(ctx.principal.role, permission);
          // A patient who may not see the appointment must not learn it exists, even by a 403.
          requireScope(ctx, 'appointment.read', current.patientId, MISSING);
          if (!grant) throw new AppError('FORBIDDEN', 'Your role may not make this change to an appointment');
          requireScope(ctx, permission, current.patientId, MISSING);
          if (version !== undefined && current.version !== version) throw stale();
          await requireParties(tx, row);
          const written = await repo.updateAppointment(tx, id, current.version, row);
          if (!written) throw stale();
          const patientName = await repo.patientNameOf(tx, written.patientId);
          return { result: toAppointment({ ...written, patientName }), patientId: current.patientId };
        }),
      );
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await audited(database, ctx, subject('delete', id), async (tx) => {
        const current = await repo.findAppointment(tx, id);
        if (!current || !(await repo.softDeleteAppointment(tx, id)))
          throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
        return { result: undefined, patientId: current.patientId };
      });
    },
  };
}

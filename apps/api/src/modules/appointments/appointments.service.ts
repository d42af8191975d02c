import {
  MAX_APPOINTMENT_MINUTES,
  type Appointment,
  type AppointmentInput,
  type AppointmentListQuery,
  type ErrorIssue,
} from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import { EXCLUSION_VIOLATION, sqlState } from '../../db/errors.js';
import type { AppointmentRow } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, pageOf } from '../../lib/cursor.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { expectedVersion, stale } from '../../lib/versioning.js';
import { lockPatient, findPatient } from '../patients/patients.repository.js';
import { lockPractitioner } from '../practitioners/practitioners.repository.js';
import * as repo from './appointments.repository.js';

export function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    patientId: row.patientId,
    practitionerId: row.practitionerId,
    start: row.start.toISOString(),
    end: row.end.toISOString(),
    status: row.status,
    reason: row.reason,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

function toWrite(input: AppointmentInput): repo.AppointmentWrite {
  const start = new Date(input.start);
  const end = new Date(input.end);
  const issues: ErrorIssue[] = [];
  if (end <= start) issues.push({ path: '/end', message: 'must be after start' });
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
  const issues: ErrorIssue[] = [];
  if (!(await lockPatient(tx, row.patientId)))
    issues.push({ path: '/patientId', message: 'no such patient' });
  if (!(await lockPractitioner(tx, row.practitionerId))) {
    issues.push({ path: '/practitionerId', message: 'no such practitioner' });
  }
  if (issues.length > 0) {
    throw new AppError(
      'APPOINTMENT_REFERENCE_INVALID',
      'The appointment refers to records that do not exist',
      {
        issues,
      },
    );
  }
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;

export function createAppointmentsService({ db }: Pick<Database, 'db'>) {
  /**
   * Runs a write; when the database's no-overlap constraint refuses it, answers 409 naming the
   * appointment that holds the slot. The constraint, not a prior check, decides: that is what makes
   * it hold when fifty desks book the same slot at once.
   */
  async function guarded(
    row: repo.AppointmentWrite,
    exceptId: string | undefined,
    write: () => Promise<AppointmentRow>,
  ) {
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

  return {
    async create(input: AppointmentInput): Promise<Appointment> {
      const row = toWrite(input);
      const created = await guarded(row, undefined, () =>
        db.transaction(async (tx) => {
          await requireParties(tx, row);
          return repo.insertAppointment(tx, row);
        }),
      );
      return toAppointment(created);
    },

    async get(id: string): Promise<Appointment> {
      const row = await repo.findAppointment(db, id);
      if (!row) throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
      return toAppointment(row);
    },

    async list(query: AppointmentListQuery) {
      const limit = query.limit ?? 20;
      const cursor = decodeCursor(query.cursor);
      const from = query.from ? new Date(query.from) : undefined;
      const to = query.to ? new Date(query.to) : undefined;
      if (from && to && to <= from) throw invalid([{ path: '/to', message: 'must be after from' }]);
      const after =
        cursor && 'k' in cursor ? { start: String(cursor.k[0]), id: String(cursor.k[1]) } : undefined;
      const page = pageOf(
        await repo.listAppointments(db, {
          from,
          to,
          practitionerId: query.practitionerId,
          patientId: query.patientId,
          status: query.status,
          limit,
          after,
        }),
        limit,
      );
      const last = page.items.at(-1);
      return {
        items: page.items.map(toAppointment),
        nextCursor: page.more && last ? encodeCursor({ k: [last.start.toISOString(), last.id] }) : null,
      };
    },

    async listForPatient(patientId: string, query: Omit<AppointmentListQuery, 'patientId'>) {
      if (!(await findPatient(db, patientId))) throw notFound('PATIENT_NOT_FOUND', 'Patient');
      return this.list({ ...query, patientId });
    },

    async update(id: string, input: AppointmentInput, ifMatch: string | undefined): Promise<Appointment> {
      const version = expectedVersion(ifMatch);
      const row = toWrite(input);
      const updated = await guarded(row, id, () =>
        db.transaction(async (tx) => {
          const current = await repo.findAppointment(tx, id);
          if (!current) throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
          if (version !== undefined && current.version !== version) throw stale();
          await requireParties(tx, row);
          const written = await repo.updateAppointment(tx, id, current.version, row);
          if (!written) throw stale();
          return written;
        }),
      );
      return toAppointment(updated);
    },

    async remove(id: string): Promise<void> {
      if (!(await repo.softDeleteAppointment(db, id))) throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
    },
  };
}

import type { AuditPage, Patient, PatientInput, PatientListQuery, PatientPage } from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import { systemClock, todayOf, type Clock } from '../../platform/clock.js';
import type { PatientRow } from '../../db/schema/index.js';
import type { RequestContext } from '../../auth/principal.js';
import { ownPatientOnly, requireScope } from '../../auth/scope.js';
import { keyset, offsetPaging } from '../../lib/cursor.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { cleanName, digitsOf, nameKeys } from '../../lib/text.js';
import { expectedVersion, stale } from '../../lib/versioning.js';
import { listAuditEvents } from '../../platform/audit.repository.js';
import { audited, auditFailure, eventOf, toAuditEvent } from '../../platform/audit.js';
import { likelyDuplicate } from './duplicates.js';
import { requirePatientInScope } from './patients.access.js';
import * as repo from './patients.repository.js';
import { patientsByIds, prepareNameSearch, searchPatientIds } from './patients.search.js';
import { dateOrderOf, searchTermsOf } from './search-terms.js';

/** The list in name order by (sort_name, id); the access log newest first by (at, id). */
const byName = keyset('text', 'uuid');
const byTime = keyset('instant', 'uuid');

const EARLIEST_BIRTH_DATE = '1880-01-01';
const MISSING = { code: 'PATIENT_NOT_FOUND', message: 'Patient not found' } as const;

export function toPatient(row: PatientRow): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.givenName,
    familyName: row.familyName,
    birthDate: row.birthDate,
    sex: row.sex,
    phone: row.phone,
    email: row.email,
    address: row.address ?? null,
    preferredLanguage: row.preferredLanguage,
    contactConsent: row.contactConsent,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/**
 * Rules a schema cannot state, then the stored shape with its derived search keys (imports apply the
 * same rules through index.ts: patientWriteOf). Throws VALIDATION_FAILED with the issues.
 */
export function toWrite(input: PatientInput, today: string): repo.PatientWrite {
  const issues = [];
  if (input.birthDate > today) issues.push({ path: '/birthDate', message: 'must not be in the future' });
  if (input.birthDate < EARLIEST_BIRTH_DATE) {
    issues.push({ path: '/birthDate', message: `must be on or after ${EARLIEST_BIRTH_DATE}` });
  }
  const phoneDigits = input.phone ? digitsOf(input.phone) : null;
  if (phoneDigits !== null && (phoneDigits.length < 7 || phoneDigits.length > 15)) {
    issues.push({ path: '/phone', message: 'must hold 7 to 15 digits' });
  }
  // Stored and keyed without invisible characters, so "An\u200bna" is Anna for the duplicate check.
  const givenName = cleanName(input.givenName);
  const familyName = cleanName(input.familyName);
  if (!givenName) issues.push({ path: '/givenName', message: 'must not be blank' });
  if (!familyName) issues.push({ path: '/familyName', message: 'must not be blank' });
  if (issues.length > 0) throw invalid(issues);
  return {
    givenName,
    familyName,
    ...nameKeys(givenName, familyName),
    birthDate: input.birthDate,
    sex: input.sex,
    phone: input.phone?.trim() ?? null,
    phoneDigits,
    email: input.email?.trim().toLowerCase() ?? null,
    address: input.address ?? null,
    preferredLanguage: input.preferredLanguage ?? null,
    contactConsent: input.contactConsent ?? { sms: false, email: false },
  };
}

export const today = () => new Date().toISOString().slice(0, 10);

export type PatientsService = ReturnType<typeof createPatientsService>;

/**
 * What else goes when a patient is deleted (their appointments), in the deletion's transaction.
 * The composition root passes these in, so patients never imports the modules that depend on it.
 */
export type OnPatientDeleted = (tx: Executor, patientId: string) => Promise<unknown>;

/** Patient records. Every call is audited once; a patient-role caller sees only their own record. */
export function createPatientsService(
  database: Pick<Database, 'db'> & Partial<Pick<Database, 'hot'>>,
  settings: { clinicLocale?: string; onDeleted?: OnPatientDeleted[]; clock?: Clock } = {},
) {
  const onDeleted = settings.onDeleted ?? [];
  // The read by id and the name search: each one statement, prepared once, on the hot pool.
  const hot = database.hot ?? database.db;
  const readPatient = repo.preparePatientRead(hot);
  const searchByName = prepareNameSearch(hot);
  const dateOrder = dateOrderOf(settings.clinicLocale ?? 'en-US');
  const clock = settings.clock ?? systemClock;
  const subject = (action: 'read' | 'search' | 'create' | 'update' | 'delete', id?: string) => ({
    action,
    resourceType: 'patient',
    resourceId: id ?? null,
    patientId: id ?? null,
  });

  return {
    async create(
      ctx: RequestContext,
      input: PatientInput,
      options: { allowDuplicate?: boolean },
    ): Promise<Patient> {
      const row = toWrite(input, todayOf(clock));
      return audited(database, ctx, subject('create'), async (tx) => {
        if (!options.allowDuplicate) {
          await repo.lockBirthDate(tx, row.birthDate);
          // Everyone born that day (a few dozen even at a million patients): the same name key, the
          // same phone digits, or a name that sounds or spells alike.
          const candidateIds = (await repo.bornOn(tx, row.birthDate))
            .filter((other) => likelyDuplicate(row, other))
            .slice(0, 10)
            .map((other) => other.id);
          if (candidateIds.length > 0) {
            throw new AppError(
              'PATIENT_POSSIBLE_DUPLICATE',
              'A patient with this birth date and the same or a similar name or phone already exists; repeat with allowDuplicate=true if this is a different person',
              { details: { candidateIds } },
            );
          }
        }
        const created = await repo.insertPatient(tx, row);
        return { result: toPatient(created), resourceId: created.id, patientId: created.id };
      });
    },

    /** The hot path: the read and its audit event are one statement, one round trip. */
    async get(ctx: RequestContext, id: string): Promise<Patient> {
      if (ownPatientOnly(ctx, 'patient.read') !== undefined && ctx.principal.patientId !== id) {
        return audited(database, ctx, subject('read', id), async () => {
          requireScope(ctx, 'patient.read', id, MISSING);
          throw notFound('PATIENT_NOT_FOUND', 'Patient');
        });
      }
      const row = await readPatient(id, eventOf(ctx, subject('read', id), 'success'));
      if (!row) throw notFound('PATIENT_NOT_FOUND', 'Patient');
      return toPatient(row);
    },

    async list(ctx: RequestContext, query: PatientListQuery): Promise<PatientPage> {
      const limit = query.limit ?? 20;
      const onlyId = ownPatientOnly(ctx, 'patient.search');
      const q = query.q?.trim();
      if (q) {
        const offset = offsetPaging.decode(query.cursor);
        const terms = searchTermsOf(q, dateOrder);
        // A date typed in the box and a birthDate filter that disagree match nobody.
        const clash = query.birthDate && terms.birthDate && terms.birthDate !== query.birthDate;
        if (query.birthDate) terms.birthDate = query.birthDate;
        const pageFrom = (rows: PatientRow[]): PatientPage => {
          const { items, nextCursor } = offsetPaging.page(rows, limit, offset);
          return { items: items.map(toPatient), nextCursor };
        };
        const nameOnly = terms.words.length > 0 && !terms.birthDate && !terms.phoneDigits && !onlyId;
        if (nameOnly) {
          // The hot path: search, rows and audit event in one prepared statement.
          const event = eventOf(ctx, subject('search'), 'success');
          try {
            return pageFrom(await searchByName(terms, { offset, limit }, event));
          } catch (error) {
            return auditFailure(database, ctx, subject('search'), error);
          }
        }
        return audited(database, ctx, subject('search'), async (tx) => {
          const ids = clash ? [] : await searchPatientIds(tx, { terms, onlyId, offset, take: limit + 1 });
          const page = pageFrom(await patientsByIds(tx, ids));
          return { result: page, resultIds: page.items.map((p) => p.id) };
        });
      }
      const key = byName.decode(query.cursor);
      return audited(database, ctx, subject('search'), async (tx) => {
        const after = key && { sortName: key[0], id: key[1] };
        const rows = await repo.listPatients(tx, { birthDate: query.birthDate, onlyId, limit, after });
        const { items, nextCursor } = byName.page(rows, limit, (p) => [p.sortName, p.id]);
        const page = { items: items.map(toPatient), nextCursor };
        return { result: page, resultIds: page.items.map((p) => p.id) };
      });
    },

    async update(
      ctx: RequestContext,
      id: string,
      input: PatientInput,
      ifMatch: string | undefined,
    ): Promise<Patient> {
      const version = expectedVersion(ifMatch);
      const row = toWrite(input, todayOf(clock));
      return audited(database, ctx, subject('update', id), async (tx) => {
        const updated = await repo.updatePatient(tx, id, version, row);
        if (updated) return { result: toPatient(updated) };
        if (await repo.findPatient(tx, id)) throw stale();
        throw notFound('PATIENT_NOT_FOUND', 'Patient');
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await audited(database, ctx, subject('delete', id), async (tx) => {
        if (!(await repo.softDeletePatient(tx, id))) throw notFound('PATIENT_NOT_FOUND', 'Patient');
        for (const cascade of onDeleted) await cascade(tx, id);
        return { result: undefined };
      });
    },

    /** Who saw or changed this record, and when: for the patient themself and for admins. */
    async accessLog(
      ctx: RequestContext,
      id: string,
      query: { limit?: number; cursor?: string },
    ): Promise<AuditPage> {
      const limit = query.limit ?? 20;
      const before = byTime.decode(query.cursor);
      return audited(
        database,
        ctx,
        { action: 'read', resourceType: 'access_log', resourceId: id, patientId: id },
        async (tx) => {
          await requirePatientInScope(tx, ctx, 'patient.accessLog', id);
          const rows = await listAuditEvents(tx, {
            patientId: id,
            limit,
            before: before && { at: before[0], id: before[1] },
          });
          const { items, nextCursor } = byTime.page(rows, limit, (e) => [e.at.toISOString(), e.id]);
          return { result: { items: items.map(toAuditEvent), nextCursor } };
        },
      );
    },
  };
}

import type { Patient, PatientInput, PatientListQuery, PatientPage } from '@medicare/contracts';
import type { Database } from '../../db/client.js';
import type { PatientRow } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, pageOf } from '../../lib/cursor.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { digitsOf, fold, nameKey } from '../../lib/text.js';
import { expectedVersion, stale } from '../../lib/versioning.js';
import { softDeleteAppointmentsOfPatient } from '../appointments/appointments.repository.js';
import * as repo from './patients.repository.js';

const EARLIEST_BIRTH_DATE = '1880-01-01';

/** Names are stored as typed, less stray white space. */
const tidy = (name: string) => name.trim().replace(/\s+/g, ' ');

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

/** Rules a schema cannot state, then the stored shape with its derived search keys. */
function toWrite(input: PatientInput, today: string): repo.PatientWrite {
  const issues = [];
  if (input.birthDate > today) issues.push({ path: '/birthDate', message: 'must not be in the future' });
  if (input.birthDate < EARLIEST_BIRTH_DATE)
    issues.push({ path: '/birthDate', message: `must be on or after ${EARLIEST_BIRTH_DATE}` });
  const phoneDigits = input.phone ? digitsOf(input.phone) : null;
  if (phoneDigits !== null && (phoneDigits.length < 7 || phoneDigits.length > 15)) {
    issues.push({ path: '/phone', message: 'must hold 7 to 15 digits' });
  }
  if (issues.length > 0) throw invalid(issues);
  const givenName = tidy(input.givenName);
  const familyName = tidy(input.familyName);
  return {
    givenName,
    familyName,
    nameKey: nameKey(givenName, familyName),
    searchName: fold(`${givenName} ${familyName}`),
    sortName: fold(`${familyName} ${givenName}`),
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

const today = () => new Date().toISOString().slice(0, 10);

export type PatientsService = ReturnType<typeof createPatientsService>;

export function createPatientsService({ db }: Pick<Database, 'db'>) {
  return {
    async create(input: PatientInput, options: { allowDuplicate?: boolean }): Promise<Patient> {
      const row = toWrite(input, today());
      return db.transaction(async (tx) => {
        if (!options.allowDuplicate) {
          await repo.lockNameKey(tx, row.nameKey);
          const candidateIds = await repo.findDuplicateIds(tx, row.nameKey, row.birthDate);
          if (candidateIds.length > 0) {
            throw new AppError(
              'PATIENT_POSSIBLE_DUPLICATE',
              'A patient with this name and birth date already exists; repeat with allowDuplicate=true if this is a different person',
              { details: { candidateIds } },
            );
          }
        }
        return toPatient(await repo.insertPatient(tx, row));
      });
    },

    async get(id: string): Promise<Patient> {
      const row = await repo.findPatient(db, id);
      if (!row) throw notFound('PATIENT_NOT_FOUND', 'Patient');
      return toPatient(row);
    },

    async list(query: PatientListQuery): Promise<PatientPage> {
      const limit = query.limit ?? 20;
      const cursor = decodeCursor(query.cursor);
      const q = query.q?.trim();
      if (q) {
        const offset = cursor && 'o' in cursor ? cursor.o : 0;
        const rows = await repo.searchPatients(db, {
          text: { folded: fold(q), digits: digitsOf(q), raw: q },
          birthDate: query.birthDate,
          limit,
          offset,
        });
        const page = pageOf(rows, limit);
        return {
          items: page.items.map(toPatient),
          nextCursor: page.more ? encodeCursor({ o: offset + limit }) : null,
        };
      }
      const after =
        cursor && 'k' in cursor ? { sortName: String(cursor.k[0]), id: String(cursor.k[1]) } : undefined;
      const rows = await repo.searchPatients(db, { birthDate: query.birthDate, limit, after });
      const page = pageOf(rows, limit);
      const last = page.items.at(-1);
      return {
        items: page.items.map(toPatient),
        nextCursor: page.more && last ? encodeCursor({ k: [last.sortName, last.id] }) : null,
      };
    },

    async update(id: string, input: PatientInput, ifMatch: string | undefined): Promise<Patient> {
      const version = expectedVersion(ifMatch);
      const row = toWrite(input, today());
      const updated = await repo.updatePatient(db, id, version, row);
      if (updated) return toPatient(updated);
      if (await repo.findPatient(db, id)) throw stale();
      throw notFound('PATIENT_NOT_FOUND', 'Patient');
    },

    async remove(id: string): Promise<void> {
      await db.transaction(async (tx) => {
        if (!(await repo.softDeletePatient(tx, id))) throw notFound('PATIENT_NOT_FOUND', 'Patient');
        await softDeleteAppointmentsOfPatient(tx, id);
      });
    },

    async exists(id: string): Promise<boolean> {
      return (await repo.findPatient(db, id)) !== undefined;
    },
  };
}

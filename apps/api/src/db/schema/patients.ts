import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { idColumn } from './columns.js';
import { SEXES } from '@medicare/contracts';
import { isOneOf } from './checks.js';

export type AddressValue = {
  line?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
};
export type ContactConsentValue = { sms: boolean; email: boolean };

/** Feeds medical record numbers: MC0000001, MC0000002, … */
export const patientMrnSeq = pgSequence('patient_mrn_seq', { startWith: 1 });

export const patients = pgTable(
  'patients',
  {
    id: idColumn(),
    mrn: text('mrn')
      .notNull()
      .default(sql`'MC' || lpad(nextval('patient_mrn_seq')::text, 7, '0')`),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    /** Given and family name folded (case, accents, spacing): finds likely duplicates. */
    nameKey: text('name_key').notNull(),
    /** "given family", folded to lower case without accents: its words feed patient_name_tokens (search). */
    searchName: text('search_name').notNull(),
    /** "family given", folded: the list order, compared byte-wise so every engine sorts alike. */
    sortName: text('sort_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: SEXES }).notNull(),
    phone: text('phone'),
    phoneDigits: text('phone_digits'),
    email: text('email'),
    address: jsonb('address').$type<AddressValue>(),
    preferredLanguage: text('preferred_language'),
    contactConsent: jsonb('contact_consent')
      .$type<ContactConsentValue>()
      .notNull()
      .default({ sms: false, email: false }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('patients_mrn_key').on(t.mrn),
    index('patients_name_key_birth_idx')
      .on(t.nameKey, t.birthDate)
      .where(sql`${t.deletedAt} is null`),
    index('patients_sort_idx')
      .on(sql`${t.sortName} collate "C"`, t.id)
      .where(sql`${t.deletedAt} is null`),
    index('patients_email_idx').on(sql`lower(${t.email})`),
    check('patients_sex_check', isOneOf(t.sex, SEXES)),
  ],
);

export type PatientRow = typeof patients.$inferSelect;
export type NewPatientRow = typeof patients.$inferInsert;

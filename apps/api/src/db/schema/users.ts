import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, requiredRef } from './columns.js';
import { ROLES, type Role } from '@medicare/contracts';
import { isOneOf } from './checks.js';
import { patients } from './patients.js';
import { practitioners } from './practitioners.js';

export { ROLES, type Role };

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    /** Stored lower-cased: e-mail addresses are matched case-insensitively. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** The patient record a user of the patient role may see; null for staff. */
    patientId: uuid('patient_id').references(() => patients.id),
    /** The practitioner a clinician user is ("my day"); null for everyone else. */
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash').notNull(),
    /** Set when an admin chose the password: the user must choose their own at the next sign-in. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check('users_role_check', isOneOf(t.role, ROLES)),
    check('users_patient_role', sql`(${t.role} = 'patient') = (${t.patientId} is not null)`),
    check('users_practitioner_clinician', sql`${t.practitionerId} is null or ${t.role} = 'clinician'`),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
);

/** A sign-in: the family of refresh tokens that rotate from one login. */
export const sessions = pgTable(
  'sessions',
  {
    id: idColumn(),
    userId: requiredRef('user_id', () => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The last authenticated request seen (to about a minute): the idle timeout runs from here. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    // Every service reads the sessions ended in the last minutes (auth/revocations.ts).
    index('sessions_revoked_idx')
      .on(t.revokedAt)
      .where(sql`${t.revokedAt} is not null`),
  ],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: idColumn(),
    sessionId: requiredRef('session_id', () => sessions.id),
    /** SHA-256 of the token: the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when the token is exchanged; a second use means it leaked, and ends the session. */
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_session_idx').on(t.sessionId),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { idColumn } from './columns.js';
import type { AvailabilityException, WeeklyRange } from '@medicare/contracts';

/** Working hours as PUT /api/practitioners/:id/availability sets them (validated before they are stored). */
export type StoredAvailability = { weekly: WeeklyRange[]; exceptions: AvailabilityException[] };

export const practitioners = pgTable('practitioners', {
  id: idColumn(),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  specialty: text('specialty'),
  timeZone: text('time_zone').notNull(),
  /** Weekly hours and dated exceptions in `time_zone`; null = the clinic default (docs/decisions/100). */
  availability: jsonb('availability').$type<StoredAvailability>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export type PractitionerRow = typeof practitioners.$inferSelect;

import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { idColumn } from './columns.js';

export const practitioners = pgTable('practitioners', {
  id: idColumn(),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  specialty: text('specialty'),
  timeZone: text('time_zone').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export type PractitionerRow = typeof practitioners.$inferSelect;

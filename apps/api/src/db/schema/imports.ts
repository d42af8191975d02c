import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ImportReport } from '@medicare/contracts';

/**
 * Imports (modules/imports): each run and its report; which source row became which of our records (so a
 * second run creates nothing twice and an interrupted one resumes); and uploaded CSV files.
 */
export const importRuns = pgTable('import_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The source system the ids are recorded under, e.g. `sqlite:clinic.db` or `csv:<sha-256>`. */
  source: text('source').notNull(),
  kind: text('kind', { enum: ['sqlite', 'csv'] }).notNull(),
  operatorId: uuid('operator_id'),
  dryRun: boolean('dry_run').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  report: jsonb('report').$type<ImportReport>(),
});

/** Source row → our record. `hash` is of the row as normalised: a changed row is updated, an equal one skipped. */
export const importRecords = pgTable(
  'import_records',
  {
    source: text('source').notNull(),
    sourceTable: text('source_table').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: uuid('target_id').notNull(),
    hash: text('hash').notNull(),
    runId: uuid('run_id').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.sourceTable, t.sourceId] }),
    index('import_records_target_idx').on(t.targetId),
  ],
);

/** An uploaded CSV file of patients, kept until it is imported; the rejected rows of its last run. */
export const importUploads = pgTable('import_uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  createdBy: uuid('created_by').notNull(),
  fileName: text('file_name'),
  sha256: text('sha256').notNull(),
  content: text('content').notNull(),
  columns: jsonb('columns').$type<string[]>().notNull(),
  rowCount: integer('row_count').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastRunId: uuid('last_run_id'),
  rejectedCsv: text('rejected_csv'),
});

export type ImportUploadRow = typeof importUploads.$inferSelect;

import { createHash } from 'node:crypto';
import type {
  CsvMapping,
  CsvPreview,
  CsvPreviewInput,
  CsvPreviewRow,
  CsvRunInput,
  CsvUpload,
  ImportReport,
} from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import type { ImportUploadRow } from '../../db/schema/index.js';
import type { RequestContext } from '../../auth/principal.js';
import { invalid, notFound } from '../../lib/errors.js';
import { audited } from '../../platform/audit.js';
import { likelyDuplicate } from '../patients/index.js';
import { csvRow, guessMapping, readCsv, toCsv, unknownColumns, type CsvTable } from './csv.js';
import { runImport } from './engine.js';
import * as repo from './imports.repository.js';
import { DEFAULT_VALUES } from './normalize.js';
import { checkPatient } from './rules.js';

/** CSV rows of patients all share one source system: ids from any file are one namespace. */
export const CSV_SOURCE = 'csv';

const toUpload = (row: ImportUploadRow, mapping: CsvMapping): CsvUpload => ({
  id: row.id,
  fileName: row.fileName,
  columns: row.columns,
  rowCount: row.rowCount,
  mapping,
  createdAt: row.createdAt.toISOString(),
});

export type ImportsService = ReturnType<typeof createImportsService>;

/** The admins' CSV import of patients: upload, guess, preview, run (the engine), rejected rows. Each call audited. */
export function createImportsService(database: Database) {
  const subject = (action: 'create' | 'read' | 'update', id?: string) => ({
    action,
    resourceType: 'import_upload',
    resourceId: id ?? null,
    patientId: null,
  });

  /** Pass the transaction the call runs in (PGlite is one connection: the plain handle would wait for it). */
  async function load(ex: Executor, id: string): Promise<{ row: ImportUploadRow; table: CsvTable }> {
    const row = await repo.findUpload(ex, id);
    if (!row) throw notFound('IMPORT_NOT_FOUND', 'Import');
    return { row, table: readCsv(row.content) };
  }

  function checkMapping(table: CsvTable, mapping: CsvMapping) {
    const unknown = unknownColumns(table, mapping);
    if (unknown.length > 0) {
      throw invalid(unknown.map((c) => ({ path: '/mapping', message: `the file has no column "${c}"` })));
    }
  }

  return {
    async upload(ctx: RequestContext, content: string, fileName: string | undefined): Promise<CsvUpload> {
      const table = readCsv(content);
      return audited(database, ctx, subject('create'), async (tx) => {
        const row = await repo.insertUpload(tx, {
          createdBy: ctx.principal.userId,
          fileName: fileName ?? null,
          sha256: createHash('sha256').update(content).digest('hex'),
          content,
          columns: table.columns,
          rowCount: table.rows.length,
        });
        return { result: toUpload(row, guessMapping(table.columns)), resourceId: row.id };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<CsvUpload> {
      return audited(database, ctx, subject('read', id), async (tx) => {
        const { row, table } = await load(tx, id);
        return { result: toUpload(row, guessMapping(table.columns)) };
      });
    },

    /** The first rows as they would be stored, each with its problems and its likely duplicates. */
    async preview(ctx: RequestContext, id: string, input: CsvPreviewInput): Promise<CsvPreview> {
      return audited(database, ctx, subject('read', id), async (tx) => {
        const { table } = await load(tx, id);
        checkMapping(table, input.mapping);
        const first = table.rows.slice(0, input.limit ?? 20);
        const raws = first.map((r) => csvRow(table, input.mapping, r));
        const checked = raws.map((raw) => checkPatient(raw, DEFAULT_VALUES));
        const dates = checked.flatMap((c) => ('write' in c ? [c.write.birthDate] : []));
        const born = await repo.bornOnAny(tx, [...new Set(dates)]);
        const rows = checked.map((c, i): CsvPreviewRow => {
          if ('problems' in c) {
            // As read from the file, so the admin sees what the problem is about.
            const { sourceId: _, ...read } = raws[i]!;
            const values = Object.fromEntries(
              Object.entries(read).map(([k, v]) => [k, v == null ? null : String(v)]),
            );
            return { line: table.lines[i]!, values, problems: c.problems, duplicateOf: [] };
          }
          const w = c.write;
          return {
            line: table.lines[i]!,
            values: {
              givenName: w.givenName,
              familyName: w.familyName,
              birthDate: w.birthDate,
              sex: w.sex,
              phone: w.phone ?? null,
              email: w.email ?? null,
              address: w.address ? Object.values(w.address).join(', ') : null,
            },
            problems: [],
            duplicateOf: born
              .filter((b) => b.birthDate === w.birthDate && likelyDuplicate(w, b))
              .map((b) => b.id)
              .slice(0, 10),
          };
        });
        return { result: { rowCount: table.rows.length, rows } };
      });
    },

    /** The same engine and report as the SQLite migration; the rejected rows are kept for download. */
    async run(ctx: RequestContext, id: string, input: CsvRunInput): Promise<ImportReport> {
      const { table } = await load(database.db, id);
      checkMapping(table, input.mapping);
      const rows = table.rows.map((r) => csvRow(table, input.mapping, r));
      const lineOf = new Map(rows.map((r, i) => [String(r.sourceId), i]));
      const rejected: string[][] = [];
      const report = await runImport(
        database,
        { patients: rows },
        {
          source: CSV_SOURCE,
          kind: 'csv',
          operator: {
            userId: ctx.principal.userId,
            role: ctx.principal.role,
            requestId: ctx.requestId,
            ip: ctx.ip,
          },
          timeZone: 'UTC',
          overlap: 'cancel',
          dryRun: input.dryRun ?? false,
          onRejected: (_table, sourceId, problems) => {
            const i = lineOf.get(sourceId);
            if (i === undefined) return;
            const why = problems.map((p) => `${p.field} ${p.message}`).join('; ');
            rejected.push([String(table.lines[i]!), ...table.rows[i]!, why]);
          },
        },
      );
      await audited(database, ctx, subject('update', id), async (tx) => {
        await repo.recordUploadRun(
          tx,
          id,
          report.runId,
          toCsv([['line', ...table.columns, 'problems'], ...rejected]),
        );
        return { result: undefined };
      });
      return report;
    },

    async report(ctx: RequestContext, id: string): Promise<ImportReport> {
      return audited(database, ctx, subject('read', id), async (tx) => {
        const row = await repo.findUpload(tx, id);
        const report = row?.lastRunId ? await repo.findRunReport(tx, row.lastRunId) : undefined;
        if (!report) throw notFound('IMPORT_NOT_FOUND', 'Import report');
        return { result: report };
      });
    },

    async rejected(ctx: RequestContext, id: string): Promise<string> {
      return audited(database, ctx, subject('read', id), async (tx) => {
        const row = await repo.findUpload(tx, id);
        if (!row?.rejectedCsv) throw notFound('IMPORT_NOT_FOUND', 'Import report');
        return { result: row.rejectedCsv };
      });
    },
  };
}

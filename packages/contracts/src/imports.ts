import Type from 'typebox';
import { Instant, Uuid } from './common.js';

/**
 * Imports (issue 18): the SQLite migration (`npm run import -- sqlite`) and the admins' CSV import of
 * patients share one engine and one report. These are the CSV routes' bodies and the report's shape.
 *
 * Routes (core service, admins only, permission `import.run`):
 * - `POST /api/imports/csv?fileName=…` body: the file as `text/csv` (at most CSV_MAX_BYTES) → 201 CsvUpload
 * - `GET /api/imports/csv/:id` → CsvUpload
 * - `POST /api/imports/csv/:id/preview` body CsvPreviewInput → CsvPreview (the first rows and their problems)
 * - `POST /api/imports/csv/:id/run` body CsvRunInput → ImportReport
 * - `GET /api/imports/csv/:id/report` → the ImportReport of the last run (404 before one)
 * - `GET /api/imports/csv/:id/rejected` → `text/csv`: the rejected rows as uploaded, plus a `problems` column
 */

/** The patient fields a CSV column (or a legacy table's column) can feed. */
export const IMPORT_PATIENT_FIELDS = [
  'sourceId',
  'fullName',
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'phone',
  'email',
  'address',
  'city',
  'state',
  'postalCode',
  'country',
] as const;
export type ImportPatientField = (typeof IMPORT_PATIENT_FIELDS)[number];

/** What the engine does with a practitioner's overlapping appointments: keep them cancelled, or leave them out. */
export const IMPORT_OVERLAP_POLICIES = ['cancel', 'skip'] as const;
export type ImportOverlapPolicy = (typeof IMPORT_OVERLAP_POLICIES)[number];

const Column = Type.String({ minLength: 1, maxLength: 200, description: 'A header of the uploaded file' });

const column = () => Type.Optional(Type.Union([Column, Type.Null()]));

/** Patient field → the CSV column that holds it (absent or null: not in the file). */
export const CsvMapping = Type.Object(
  {
    sourceId: column(),
    fullName: column(),
    givenName: column(),
    familyName: column(),
    birthDate: column(),
    sex: column(),
    phone: column(),
    email: column(),
    address: column(),
    city: column(),
    state: column(),
    postalCode: column(),
    country: column(),
  },
  { additionalProperties: false },
);
export type CsvMapping = Type.Static<typeof CsvMapping>;

/** The size limit of an uploaded CSV file. */
export const CSV_MAX_BYTES = 5 * 1024 * 1024;

/** Answer to POST /api/imports/csv (body: the file, `text/csv`): its columns and a mapping guessed from them. */
export const CsvUpload = Type.Object(
  {
    id: Uuid,
    fileName: Type.Union([Type.String(), Type.Null()]),
    columns: Type.Array(Type.String()),
    rowCount: Type.Integer({ minimum: 0 }),
    mapping: CsvMapping,
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export type CsvUpload = Type.Static<typeof CsvUpload>;

export const CsvUploadQuery = Type.Object(
  { fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);

export const CsvPreviewInput = Type.Object(
  {
    mapping: CsvMapping,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type CsvPreviewInput = Type.Static<typeof CsvPreviewInput>;

export const ImportProblem = Type.Object(
  {
    field: Type.String({ description: 'The field (or `row`) the problem is about' }),
    message: Type.String(),
  },
  { additionalProperties: false },
);
export type ImportProblem = Type.Static<typeof ImportProblem>;

/** One previewed row: what the engine read from it, and each problem it has. */
export const CsvPreviewRow = Type.Object(
  {
    line: Type.Integer({ minimum: 1, description: 'Line of the file (the header is line 1)' }),
    values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), {
      description: 'Patient field → the value as it would be stored',
    }),
    problems: Type.Array(ImportProblem),
    /** Likely the same person as these patients (the patients module's near-duplicate rule). */
    duplicateOf: Type.Array(Uuid),
  },
  { additionalProperties: false },
);
export type CsvPreviewRow = Type.Static<typeof CsvPreviewRow>;

export const CsvPreview = Type.Object(
  { rowCount: Type.Integer({ minimum: 0 }), rows: Type.Array(CsvPreviewRow) },
  { additionalProperties: false },
);
export type CsvPreview = Type.Static<typeof CsvPreview>;

export const CsvRunInput = Type.Object(
  {
    mapping: CsvMapping,
    dryRun: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type CsvRunInput = Type.Static<typeof CsvRunInput>;

/** Counts of one table; `reasons` counts the rows rejected or skipped by why. */
export const ImportTableCounts = Type.Object(
  {
    read: Type.Integer({ minimum: 0 }),
    imported: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
    skipped: Type.Integer({ minimum: 0 }),
    rejected: Type.Integer({ minimum: 0 }),
    reasons: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type ImportTableCounts = Type.Static<typeof ImportTableCounts>;

export const IMPORT_FINDING_KINDS = ['rejected', 'duplicate', 'overlap', 'orphan', 'skipped'] as const;
export type ImportFindingKind = (typeof IMPORT_FINDING_KINDS)[number];

/** What the engine did with one source row that was not simply imported (the first 1,000 of them). */
export const ImportFinding = Type.Object(
  {
    table: Type.String(),
    sourceId: Type.String(),
    kind: Type.Enum(IMPORT_FINDING_KINDS),
    reason: Type.String(),
    problems: Type.Array(ImportProblem),
    /** Our ids of the records this one was compared with (duplicate candidates, the appointment it overlaps). */
    related: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type ImportFinding = Type.Static<typeof ImportFinding>;

export const ImportReport = Type.Object(
  {
    runId: Uuid,
    source: Type.String({ description: 'The source system the ids are recorded under' }),
    dryRun: Type.Boolean(),
    complete: Type.Boolean({ description: 'False when the import stopped early; run it again to resume' }),
    startedAt: Instant,
    finishedAt: Instant,
    tables: Type.Record(Type.String(), ImportTableCounts),
    findings: Type.Array(ImportFinding),
    findingsOmitted: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type ImportReport = Type.Static<typeof ImportReport>;

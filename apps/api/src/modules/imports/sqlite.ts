import { basename } from 'node:path';
import Database from 'better-sqlite3';
import type { ImportReport } from '@medicare/contracts';
import Type from 'typebox';
import type { Database as Db } from '../../db/client.js';
import { compileBodyValidator } from '../../plugins/validation.js';
import { isTimeZone } from '../practitioners/index.js';
import { runImport, type ImportOptions, type SourceData } from './engine.js';
import { operatorOf } from './imports.repository.js';
import { DEFAULT_VALUES, type ValueMaps } from './normalize.js';
import type { RawRow } from './rules.js';

/**
 * The SQLite side of `npm run import -- sqlite`: which legacy table and column feeds which of our
 * fields. The default is the common legacy shape of issue 18; a mapping file (docs/data.md) changes
 * any part of it: table names, column names, value codes.
 */
export const SOURCE_TABLES = ['practitioners', 'patients', 'appointments', 'vitals'] as const;
export type SourceTable = (typeof SOURCE_TABLES)[number];

export const FIELDS: Record<SourceTable, readonly string[]> = {
  practitioners: ['sourceId', 'fullName', 'givenName', 'familyName', 'specialty'],
  patients: [
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
  ],
  appointments: [
    'sourceId',
    'patientId',
    'practitionerId',
    'date',
    'time',
    'start',
    'durationMinutes',
    'status',
    'reason',
    'notes',
  ],
  vitals: [
    'sourceId',
    'patientId',
    'recordedAt',
    'systolic',
    'diastolic',
    'totalCholesterol',
    'hdl',
    'smoker',
  ],
};

export type TableMapping = { table: string; columns: Record<string, string> };
export type Mapping = { tables: Record<SourceTable, TableMapping | null>; values: ValueMaps };

export const DEFAULT_MAPPING: Mapping = {
  tables: {
    practitioners: {
      table: 'doctors',
      columns: { sourceId: 'id', fullName: 'name', specialty: 'specialty' },
    },
    patients: {
      table: 'patients',
      columns: {
        sourceId: 'id',
        givenName: 'first_name',
        familyName: 'last_name',
        birthDate: 'date_of_birth',
        sex: 'gender',
        phone: 'phone',
        email: 'email',
        address: 'address',
      },
    },
    appointments: {
      table: 'appointments',
      columns: {
        sourceId: 'id',
        patientId: 'patient_id',
        practitionerId: 'doctor_id',
        date: 'date',
        time: 'time',
        durationMinutes: 'duration_minutes',
        status: 'status',
        notes: 'notes',
      },
    },
    vitals: {
      table: 'vitals',
      columns: {
        sourceId: 'id',
        patientId: 'patient_id',
        recordedAt: 'recorded_at',
        systolic: 'systolic',
        diastolic: 'diastolic',
        totalCholesterol: 'total_cholesterol',
        hdl: 'hdl',
        smoker: 'smoker',
      },
    },
  },
  values: DEFAULT_VALUES,
};

const Name = Type.String({ minLength: 1, maxLength: 128 });
const TableSchema = Type.Union([
  Type.Null(),
  Type.Object(
    {
      table: Type.Optional(Name),
      columns: Type.Optional(Type.Record(Type.String(), Type.Union([Name, Type.Null()]))),
    },
    { additionalProperties: false },
  ),
]);
const ValueMap = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 64 }));

/** The mapping file: every part optional; `null` for a table leaves it out, `null` for a column unmaps it. */
export const MappingFile = Type.Object(
  {
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    tables: Type.Optional(
      Type.Object(
        {
          practitioners: Type.Optional(TableSchema),
          patients: Type.Optional(TableSchema),
          appointments: Type.Optional(TableSchema),
          vitals: Type.Optional(TableSchema),
        },
        { additionalProperties: false },
      ),
    ),
    values: Type.Optional(
      Type.Object(
        { sex: Type.Optional(ValueMap), status: Type.Optional(ValueMap), smoker: Type.Optional(ValueMap) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
type MappingFileBody = Type.Static<typeof MappingFile>;

const validMappingFile = compileBodyValidator(MappingFile);

export class MappingError extends Error {}

const lower = (map: Record<string, string>) =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k.trim().toLowerCase(), v]));

/** The default mapping with a mapping file's changes laid over it; a clear error for a bad file. */
export function mappingFrom(body: unknown): { mapping: Mapping; source?: string } {
  if (!validMappingFile(body)) {
    const first = (validMappingFile.errors ?? [])
      .map(
        (e) =>
          `${(e as { instancePath: string }).instancePath || '/'} ${(e as { message?: string }).message}`,
      )
      .join('; ');
    throw new MappingError(`mapping file: ${first}`);
  }
  const file = body as MappingFileBody;
  const tables = { ...DEFAULT_MAPPING.tables };
  for (const name of SOURCE_TABLES) {
    const given = file.tables?.[name];
    if (given === undefined) continue;
    if (given === null) {
      tables[name] = null;
      continue;
    }
    const base = DEFAULT_MAPPING.tables[name]!;
    const columns: Record<string, string> = { ...base.columns };
    for (const [field, column] of Object.entries(given.columns ?? {})) {
      if (!FIELDS[name].includes(field)) {
        throw new MappingError(
          `mapping file: ${name}.columns.${field} is not a field (${FIELDS[name].join(', ')})`,
        );
      }
      if (column === null) delete columns[field];
      else columns[field] = column;
    }
    tables[name] = { table: given.table ?? base.table, columns };
  }
  const values: ValueMaps = {
    sex: { ...DEFAULT_VALUES.sex, ...lower(file.values?.sex ?? {}) } as ValueMaps['sex'],
    status: { ...DEFAULT_VALUES.status, ...lower(file.values?.status ?? {}) } as ValueMaps['status'],
    smoker: { ...DEFAULT_VALUES.smoker, ...lower(file.values?.smoker ?? {}) } as ValueMaps['smoker'],
  };
  return { mapping: { tables, values }, source: file.source };
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Reads the mapped tables of a SQLite file (read-only), rows named by our fields. */
export function readSqlite(file: string, mapping: Mapping): SourceData {
  let opened: Database.Database | undefined;
  try {
    opened = new Database(file, { readonly: true, fileMustExist: true });
    opened.prepare('select count(*) from sqlite_master').get();
  } catch (error) {
    opened?.close();
    throw new MappingError(`${file}: not a SQLite database it can read (${(error as Error).message})`);
  }
  const db = opened;
  try {
    const data: SourceData = {};
    for (const name of SOURCE_TABLES) {
      const table = mapping.tables[name];
      if (!table) continue;
      const exists = db
        .prepare(`select 1 from sqlite_master where type in ('table','view') and name = ?`)
        .get(table.table);
      if (!exists) {
        if (table === DEFAULT_MAPPING.tables[name]) continue; // the default shape need not have every table
        throw new MappingError(`${file} has no table "${table.table}" (mapped to ${name})`);
      }
      const present = new Set(
        (db.prepare(`pragma table_info(${quoted(table.table)})`).all() as { name: string }[]).map(
          (c) => c.name,
        ),
      );
      const missing = Object.values(table.columns).filter((c) => !present.has(c));
      if (missing.length > 0) {
        throw new MappingError(
          `table "${table.table}" has no column ${missing.map((c) => `"${c}"`).join(', ')}`,
        );
      }
      const select = Object.entries(table.columns)
        .map(([field, column]) => `${quoted(column)} as ${quoted(field)}`)
        .join(', ');
      data[name] = db.prepare(`select ${select} from ${quoted(table.table)}`).all() as RawRow[];
    }
    return data;
  } finally {
    db.close();
  }
}

export type SqliteImport = Omit<ImportOptions, 'source' | 'kind' | 'operator' | 'values'> & {
  file: string;
  /** The mapping file's parsed JSON, if one was given. */
  mappingFile?: unknown;
  /** Defaults to the mapping file's `source`, else `sqlite:<file name>`. */
  source?: string;
  /** The operator's e-mail; else the first admin. */
  operatorEmail?: string;
};

/** `npm run import -- sqlite`: the mapping, the operator, the rows, then the engine. */
export async function importSqlite(
  database: Pick<Db, 'db' | 'withLock'>,
  options: SqliteImport,
): Promise<ImportReport> {
  const { mapping, source } =
    options.mappingFile === undefined ? { mapping: DEFAULT_MAPPING } : mappingFrom(options.mappingFile);
  const operator = await operatorOf(database.db, options.operatorEmail);
  if (!operator) {
    throw new MappingError(
      options.operatorEmail
        ? `--operator ${options.operatorEmail}: no such user`
        : 'no admin to record as the operator: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first one, or pass --operator <email>',
    );
  }
  if (!isTimeZone(options.timeZone))
    throw new MappingError(`--time-zone ${options.timeZone}: not an IANA time zone`);
  const data = readSqlite(options.file, mapping);
  return runImport(database, data, {
    ...options,
    source: options.source ?? source ?? `sqlite:${basename(options.file)}`,
    kind: 'sqlite',
    operator: { userId: operator.userId, role: operator.role },
    values: mapping.values,
  });
}

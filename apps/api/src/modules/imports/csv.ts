import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { IMPORT_PATIENT_FIELDS, type CsvMapping, type ImportPatientField } from '@medicare/contracts';
import { AppError } from '../../lib/errors.js';
import type { RawRow } from './rules.js';

/**
 * A CSV file of patients: its header and its rows as text, as uploaded, and the line of the file each row
 * starts on (blank lines and line breaks inside quoted cells counted, as an editor shows them).
 */
export type CsvTable = { columns: string[]; rows: string[][]; lines: number[] };

const unreadable = (why: string) =>
  new AppError('IMPORT_FILE_UNREADABLE', `The file cannot be read as CSV: ${why}`);

/** Reads the file (UTF-8, with or without BOM; comma, semicolon or tab), or a 422 saying why not. */
export function readCsv(text: string): CsvTable {
  if (text.includes('\uFFFD')) throw unreadable('it is not UTF-8 text');
  if (text.includes('\u0000')) throw unreadable('it holds NUL characters (a binary file?)');
  // One line break, so that csv-parse counts lines as an editor does (it counts CR LF oddly).
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = body.slice(0, body.indexOf('\n') >>> 0);
  const delimiter = [',', ';', '\t'].sort(
    (a, b) => firstLine.split(b).length - firstLine.split(a).length,
  )[0]!;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
    }) as unknown as typeof records; // csv-parse's types do not know that `info: true` wraps each record
  } catch (error) {
    throw unreadable(((error as Error).message.split(':')[0] ?? 'malformed').slice(0, 120));
  }
  const [first, ...rest] = records;
  const header = first?.record;
  if (!header || header.every((h) => h === '')) throw unreadable('it has no header line');
  const columns = header.map((h, i) => h || `column ${i + 1}`);
  if (new Set(columns).size !== columns.length) throw unreadable('two columns have the same name');
  // info.lines is the line a record ends on; a quoted cell's line breaks say how many lines it spans.
  const breaks = (cells: string[]) => cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  return {
    columns,
    rows: rest.map((r) => r.record),
    lines: rest.map((r) => r.info.lines - breaks(r.record)),
  };
}

const SYNONYMS: Record<ImportPatientField, string[]> = {
  sourceId: ['id', 'patientid', 'externalid', 'recordid', 'legacyid', 'mrn', 'chartnumber', 'chartno'],
  fullName: ['name', 'fullname', 'patientname', 'patient'],
  givenName: ['firstname', 'givenname', 'first', 'forename', 'given', 'fname'],
  familyName: ['lastname', 'familyname', 'surname', 'last', 'lname', 'family'],
  birthDate: ['dob', 'dateofbirth', 'birthdate', 'birthday', 'born', 'birth'],
  sex: ['sex', 'gender'],
  phone: ['phone', 'telephone', 'mobile', 'cell', 'phonenumber', 'tel', 'mobilephone', 'cellphone'],
  email: ['email', 'emailaddress', 'mail', 'email1'],
  address: ['address', 'street', 'addressline', 'address1', 'streetaddress', 'line'],
  city: ['city', 'town'],
  state: ['state', 'province', 'region', 'county'],
  postalCode: ['zip', 'zipcode', 'postcode', 'postalcode'],
  country: ['country', 'countrycode'],
};

const keyOf = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The mapping guessed from the header: each field to the first column whose name means it. */
export function guessMapping(columns: string[]): CsvMapping {
  const mapping: CsvMapping = {};
  const taken = new Set<string>();
  for (const field of IMPORT_PATIENT_FIELDS) {
    const column = columns.find((c) => !taken.has(c) && SYNONYMS[field].includes(keyOf(c)));
    if (column) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  // A "name" column stands for the whole name only when there are no first/last name columns.
  if (mapping.fullName && (mapping.givenName || mapping.familyName)) delete mapping.fullName;
  return mapping;
}

/** Columns the mapping names that the file does not have. */
export function unknownColumns(table: CsvTable, mapping: CsvMapping): string[] {
  return Object.values(mapping).filter(
    (c): c is string => typeof c === 'string' && !table.columns.includes(c),
  );
}

/**
 * A row as the engine's patient fields. Its source id: the mapped id column (stable across files, so a
 * corrected file updates what an earlier one imported), or else a hash of the row (the same row twice
 * is imported once).
 */
export function csvRow(table: CsvTable, mapping: CsvMapping, row: string[]): RawRow {
  const raw: RawRow = {};
  for (const field of IMPORT_PATIENT_FIELDS) {
    const column = mapping[field];
    if (column) raw[field] = row[table.columns.indexOf(column)] ?? null;
  }
  const id = typeof raw.sourceId === 'string' ? raw.sourceId.trim() : '';
  raw.sourceId = id
    ? `id:${id}`
    : `row:${createHash('sha256').update(JSON.stringify(row)).digest('base64url').slice(0, 22)}`;
  return raw;
}

const quote = (cell: string) =>
  /[",\r\n;]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
/** Cells a spreadsheet would run as a formula are prefixed with ' (CSV injection). */
const safe = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => quote(safe(c))).join(',')).join('\r\n') + '\r\n';
}

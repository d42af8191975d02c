import Database from 'better-sqlite3';

/**
 * The common legacy clinic shape of issue 18, as a SQLite file: what the tests and the import bench
 * generate (messy on purpose) and what `npm run import -- sqlite` reads by default.
 */
export const LEGACY_SCHEMA = `
  create table patients (id integer primary key, first_name text, last_name text, date_of_birth text,
    gender text, phone text, email text, address text, created_at text);
  create table doctors (id integer primary key, name text, specialty text);
  create table appointments (id integer primary key, patient_id integer, doctor_id integer, date text,
    time text, duration_minutes integer, status text, notes text);
  create table vitals (id integer primary key, patient_id integer, recorded_at text, systolic real,
    diastolic real, total_cholesterol real, hdl real, smoker text);
`;

type Value = string | number | null;
export type LegacyRows = {
  patients?: Value[][];
  doctors?: Value[][];
  appointments?: Value[][];
  vitals?: Value[][];
};

const COLUMNS = {
  patients: 9,
  doctors: 3,
  appointments: 8,
  vitals: 8,
} as const;

/** Creates the file with the legacy tables and inserts rows (arrays in the tables' column order). */
export function writeLegacyDb(file: string, rows: LegacyRows | Iterable<[keyof LegacyRows, Value[]]>) {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(LEGACY_SCHEMA);
  const insert = Object.fromEntries(
    Object.entries(COLUMNS).map(([table, n]) => [
      table,
      db.prepare(`insert into ${table} values (${Array(n).fill('?').join(', ')})`),
    ]),
  ) as Record<keyof LegacyRows, Database.Statement>;
  const entries: Iterable<[keyof LegacyRows, Value[]]> =
    Symbol.iterator in rows
      ? (rows as Iterable<[keyof LegacyRows, Value[]]>)
      : Object.entries(rows as LegacyRows).flatMap(([t, list]) =>
          (list ?? []).map((r) => [t as keyof LegacyRows, r] as [keyof LegacyRows, Value[]]),
        );
  db.transaction(() => {
    for (const [table, row] of entries) insert[table].run(...row);
  })();
  db.close();
}

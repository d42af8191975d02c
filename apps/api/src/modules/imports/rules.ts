import { createHash } from 'node:crypto';
import {
  AppointmentInput,
  OBSERVATION_TYPES,
  PatientInput,
  PractitionerInput,
  type ErrorIssue,
  type ImportProblem,
} from '@medicare/contracts';
import type { NewObservationRow } from '../../db/schema/index.js';
import { AppError } from '../../lib/errors.js';
import { issuesOf, type AjvError } from '../../plugins/errors.js';
import { compileBodyValidator } from '../../plugins/validation.js';
import { appointmentWriteOf, type AppointmentWrite } from '../appointments/index.js';
import { normalizeObservation } from '../observations/index.js';
import { patientWriteOf, today, type PatientWrite } from '../patients/index.js';
import { practitionerWriteOf, type PractitionerWrite } from '../practitioners/index.js';
import {
  localInstant,
  mapValue,
  numberOf,
  parseDate,
  parseDateTime,
  parseTime,
  splitName,
  textOf,
  type ValueMaps,
} from './normalize.js';

export type { AppointmentWrite, PatientWrite, PractitionerWrite };

/**
 * A legacy row, read into what the API would have been sent, then through the API's own checks: the
 * body schema (as a POST body is validated) and the module's rules (patients, practitioners,
 * appointments, observations), reached through their index.ts. Never a copy of a rule.
 */
export type RawRow = Record<string, unknown>;
export type Checked<T> = { write: T; hash: string } | { problems: ImportProblem[] };

const validPatient = compileBodyValidator(PatientInput);
const validPractitioner = compileBodyValidator(PractitionerInput);
const validAppointment = compileBodyValidator(AppointmentInput);

export const hashOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);

const fieldOf = (path: string) => path.replace(/^\//, '').replace(/\//g, '.') || 'row';

/** In the words of the API's own 400 (issuesOf): one message per thing wrong, not one per schema branch. */
function schemaProblems(validate: { errors?: unknown }): ImportProblem[] {
  const errors = (validate.errors ?? []) as AjvError[];
  return issuesOf(errors).map((i) => ({ field: fieldOf(i.path), message: i.message }));
}

/** The module's rule, or its issues as problems. */
function byRule<T>(rule: () => T): { write: T } | { problems: ImportProblem[] } {
  try {
    return { write: rule() };
  } catch (error) {
    if (!(error instanceof AppError) || !error.extra.issues) throw error;
    return {
      problems: error.extra.issues.map((i: ErrorIssue) => ({ field: fieldOf(i.path), message: i.message })),
    };
  }
}

function namesOf(raw: RawRow): { givenName: string; familyName: string } {
  const given = textOf(raw.givenName);
  const family = textOf(raw.familyName);
  if (!given && !family && textOf(raw.fullName)) return splitName(raw.fullName);
  // The whole name in one of the two columns ("Jane Smith" as first name, last name empty).
  if (!family && given?.includes(' ')) return splitName(given);
  if (!given && family?.includes(' ')) return splitName(family);
  return { givenName: given ?? '', familyName: family ?? '' };
}

function addressOf(raw: RawRow): PatientInput['address'] {
  const address = {
    line: textOf(raw.address) ?? undefined,
    city: textOf(raw.city) ?? undefined,
    state: textOf(raw.state) ?? undefined,
    postalCode: textOf(raw.postalCode) ?? undefined,
    country: textOf(raw.country)?.toUpperCase() ?? undefined,
  };
  const present = Object.fromEntries(Object.entries(address).filter(([, v]) => v !== undefined));
  return Object.keys(present).length > 0 ? present : null;
}

/** A patient row: names (one column or two), a date of birth in any known format, a sex code. */
export function checkPatient(
  raw: RawRow,
  values: ValueMaps,
): Checked<PatientWrite> & { input?: PatientInput } {
  const problems: ImportProblem[] = [];
  const birth = parseDate(raw.birthDate);
  if ('problem' in birth) problems.push({ field: 'birthDate', message: birth.problem });
  const sex = mapValue(values.sex, raw.sex, 'sex');
  if ('problem' in sex) problems.push({ field: 'sex', message: sex.problem });
  if (problems.length > 0 || 'problem' in birth || 'problem' in sex) return { problems };
  const input: PatientInput = {
    ...namesOf(raw),
    birthDate: birth.value,
    sex: sex.value,
    phone: textOf(raw.phone),
    email: textOf(raw.email)?.toLowerCase() ?? null,
    address: addressOf(raw),
  };
  if (!validPatient(input)) return { problems: schemaProblems(validPatient) };
  const ruled = byRule(() => patientWriteOf(input, today()));
  return 'problems' in ruled ? ruled : { write: ruled.write, hash: hashOf(ruled.write), input };
}

export function checkPractitioner(raw: RawRow, timeZone: string): Checked<PractitionerWrite> {
  const input: PractitionerInput = {
    ...namesOf(raw),
    specialty: textOf(raw.specialty)?.slice(0, 100) ?? null,
    timeZone,
  };
  if (!validPractitioner(input)) return { problems: schemaProblems(validPractitioner) };
  const ruled = byRule(() => practitionerWriteOf(input));
  return 'problems' in ruled ? ruled : { write: ruled.write, hash: hashOf(ruled.write) };
}

/** Minutes an appointment lasts when the legacy row does not say. */
export const DEFAULT_DURATION_MINUTES = 30;

/** An appointment row, its parties already resolved to our ids: date + time read in the clinic's zone. */
export function checkAppointment(
  raw: RawRow,
  parties: { patientId: string; practitionerId: string },
  values: ValueMaps,
  timeZone: string,
): Checked<AppointmentWrite> {
  const problems: ImportProblem[] = [];
  let start: Date | undefined;
  if (textOf(raw.start)) {
    const at = parseDateTime(raw.start, timeZone);
    if ('problem' in at) problems.push({ field: 'start', message: at.problem });
    else start = at.value;
  } else {
    const date = parseDate(raw.date);
    const time = parseTime(raw.time);
    if ('problem' in date) problems.push({ field: 'date', message: date.problem });
    if ('problem' in time) problems.push({ field: 'time', message: time.problem });
    if ('value' in date && 'value' in time) {
      start = localInstant(date.value, time.value.hour, time.value.minute, timeZone);
    }
  }
  const minutes = numberOf(raw.durationMinutes);
  if ('problem' in minutes) problems.push({ field: 'durationMinutes', message: minutes.problem });
  else if (minutes.value !== null && !(minutes.value > 0 && minutes.value <= 24 * 60)) {
    problems.push({ field: 'durationMinutes', message: 'must be between 1 and 1440 minutes' });
  }
  const status =
    textOf(raw.status) === null
      ? { value: 'booked' as const }
      : mapValue(values.status, raw.status, 'status');
  if ('problem' in status) problems.push({ field: 'status', message: status.problem });
  if (problems.length > 0 || !start || 'problem' in minutes || 'problem' in status) return { problems };
  const end = new Date(start.getTime() + (minutes.value ?? DEFAULT_DURATION_MINUTES) * 60_000);
  const input: AppointmentInput = {
    ...parties,
    start: start.toISOString(),
    end: end.toISOString(),
    status: status.value,
    reason: textOf(raw.reason),
    notes: textOf(raw.notes),
  };
  if (!validAppointment(input)) return { problems: schemaProblems(validAppointment) };
  const ruled = byRule(() => appointmentWriteOf(input));
  return 'problems' in ruled ? ruled : { write: ruled.write, hash: hashOf(ruled.write) };
}

/** The legacy vitals columns and the observation each becomes (LOINC codes of the observations module). */
export const VITALS = [
  { field: 'systolic', code: '8480-6', unit: 'mm[Hg]' },
  { field: 'diastolic', code: '8462-4', unit: 'mm[Hg]' },
  { field: 'totalCholesterol', code: '2093-3', unit: 'mg/dL' },
  { field: 'hdl', code: '2085-9', unit: 'mg/dL' },
  { field: 'smoker', code: '72166-2', unit: undefined },
] as const;

export type ObservationWrite = Omit<NewObservationRow, 'id' | 'recordedBy'>;

/** One vitals row → one observation per value it holds (empty cells are no observation). */
export function checkVitals(
  raw: RawRow,
  patientId: string,
  values: ValueMaps,
  timeZone: string,
  units: Partial<Record<(typeof VITALS)[number]['field'], string>> = {},
): { problems: ImportProblem[]; observations: { code: string; write: ObservationWrite; hash: string }[] } {
  const at = parseDateTime(raw.recordedAt, timeZone);
  if ('problem' in at) return { problems: [{ field: 'recordedAt', message: at.problem }], observations: [] };
  const problems: ImportProblem[] = [];
  const out: { code: string; write: ObservationWrite; hash: string }[] = [];
  for (const vital of VITALS) {
    let value: unknown;
    if (vital.field === 'smoker') {
      if (textOf(raw.smoker) === null) continue;
      const coded = mapValue(values.smoker, raw.smoker, 'smoking');
      if ('problem' in coded) {
        problems.push({ field: 'smoker', message: coded.problem });
        continue;
      }
      value = coded.value;
    } else {
      const n = numberOf(raw[vital.field]);
      if ('problem' in n) {
        problems.push({ field: vital.field, message: n.problem });
        continue;
      }
      if (n.value === null) continue;
      value = n.value;
    }
    const unit = vital.unit === undefined ? undefined : (units[vital.field] ?? vital.unit);
    const checked = normalizeObservation(vital.code, value, unit);
    if (!checked.value) {
      problems.push(...checked.issues.map((i) => ({ field: vital.field, message: i.message })));
      continue;
    }
    const write: ObservationWrite = {
      patientId,
      code: vital.code,
      system: OBSERVATION_TYPES[vital.code]!.system,
      ...checked.value,
      effectiveAt: at.value,
    };
    out.push({ code: vital.code, write, hash: hashOf({ ...write, effectiveAt: at.value.toISOString() }) });
  }
  return { problems, observations: out };
}

import type { AppointmentStatus, Sex } from '@medicare/contracts';

/**
 * Legacy values as clinics' old systems hold them, read into ours. Each function answers the value or a
 * problem in words (never the value itself: the report must not carry PHI).
 */
export type Parsed<T> = { value: T } | { problem: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function calendar(y: number, m: number, d: number): Parsed<string> {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1 || y > 9999 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { problem: 'is not a calendar date' };
  }
  return {
    value: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  };
}

const monthOf = (word: string) => {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i < 0 || (word.length > 3 && !/^[a-z]+\.?$/i.test(word)) ? undefined : i + 1;
};

/**
 * A calendar date in the formats legacy data holds: 1980-01-31 (or with a time after it), 1980/01/31,
 * 01/31/1980 (month first, as US systems write it; day first when the first number is over 12),
 * 31.01.1980 (day first), Jan 31 1980, January 31, 1980, 31 Jan 1980.
 */
export function parseDate(raw: unknown): Parsed<string> {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (!text) return { problem: 'is missing' };
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(text);
  if (m) return calendar(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) {
    const [a, b] = [+m[1]!, +m[2]!];
    return a > 12 ? calendar(+m[3]!, b, a) : calendar(+m[3]!, a, b);
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return calendar(+m[3]!, +m[2]!, +m[1]!);
  m = /^([A-Za-z]{3,9}\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(text);
  if (m && monthOf(m[1]!)) return calendar(+m[3]!, monthOf(m[1]!)!, +m[2]!);
  m = /^(\d{1,2})\s+([A-Za-z]{3,9}\.?),?\s+(\d{4})$/.exec(text);
  if (m && monthOf(m[2]!)) return calendar(+m[3]!, monthOf(m[2]!)!, +m[1]!);
  return { problem: 'is not a date in a known format (1980-01-31, 01/31/1980, 31.01.1980, Jan 31 1980)' };
}

/** A time of day: 09:30, 9:30, 09:30:00, 9:30 AM, 2:05pm, 0930. */
export function parseTime(raw: unknown): Parsed<{ hour: number; minute: number }> {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  const m = /^(\d{1,2}):?(\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(text);
  if (!m) return { problem: 'is not a time of day (09:30, 9:30 AM)' };
  let hour = +m[1]!;
  const minute = +m[2]!;
  if (m[4]) {
    if (hour < 1 || hour > 12) return { problem: 'is not a time of day (09:30, 9:30 AM)' };
    hour = (hour % 12) + (m[4].startsWith('p') ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return { problem: 'is not a time of day (09:30, 9:30 AM)' };
  return { value: { hour, minute } };
}

const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The zone's offset from UTC, in minutes, at an instant (zones change offset on the hour or half hour). */
function offsetAt(timeZone: string, at: number): number {
  const key = `${timeZone} ${Math.floor(at / 900_000)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offset = Math.round((local - Math.floor(at / 1000) * 1000) / 60_000);
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/**
 * The instant a wall-clock time in `timeZone` names, DST included. A time the clocks skip (02:30 on the
 * spring-forward night) is read with the offset before the change, so it lands an hour later (03:30);
 * a time that happens twice (01:30 on the fall-back night) is the first of the two.
 */
export function localInstant(date: string, hour: number, minute: number, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, hour, minute);
  const before = offsetAt(timeZone, wall - 43_200_000);
  const after = offsetAt(timeZone, wall + 43_200_000);
  const readings = [wall - before * 60_000, wall - after * 60_000];
  const fits = readings.filter((at) => at + offsetAt(timeZone, at) * 60_000 === wall);
  return new Date(fits.length > 0 ? Math.min(...fits) : readings[0]!);
}

/** A date with a time in one column: "2024-03-10 09:30", "03/10/2024 9:30 AM", or a date alone (midnight). */
export function parseDateTime(raw: unknown, timeZone: string): Parsed<Date> {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return { problem: 'is missing' };
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text) && /^\d{4}-\d{2}-\d{2}[T ]/.test(text)) {
    const at = new Date(text.replace(' ', 'T'));
    return Number.isNaN(at.getTime()) ? { problem: 'is not a date and time' } : { value: at };
  }
  const m = /^(.+?)(?:[T ]+(\d{1,2}:?\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?))?$/i.exec(text);
  const date = parseDate(m?.[1] ?? text);
  if ('problem' in date) return date;
  const time = m?.[2] ? parseTime(m[2]) : { value: { hour: 0, minute: 0 } };
  if ('problem' in time) return time;
  return { value: localInstant(date.value, time.value.hour, time.value.minute, timeZone) };
}

/** Value maps (lower-cased keys) that a mapping file can extend or replace. */
export type ValueMaps = {
  sex: Record<string, Sex>;
  status: Record<string, AppointmentStatus>;
  smoker: Record<string, 'current' | 'former' | 'never'>;
};

export const DEFAULT_VALUES: ValueMaps = {
  // 0/1 as the common legacy flag "is male": 1 male, 0 female (ISO 5218's 1/2 too). A mapping file can say otherwise.
  sex: {
    m: 'male',
    male: 'male',
    man: 'male',
    '1': 'male',
    f: 'female',
    female: 'female',
    woman: 'female',
    w: 'female',
    '0': 'female',
    '2': 'female',
    o: 'other',
    other: 'other',
    x: 'other',
    u: 'unknown',
    unknown: 'unknown',
    '': 'unknown',
    '9': 'unknown',
  },
  status: {
    scheduled: 'booked',
    booked: 'booked',
    confirmed: 'booked',
    pending: 'booked',
    arrived: 'arrived',
    'checked-in': 'arrived',
    'checked in': 'arrived',
    completed: 'fulfilled',
    complete: 'fulfilled',
    done: 'fulfilled',
    fulfilled: 'fulfilled',
    attended: 'fulfilled',
    cancelled: 'cancelled',
    canceled: 'cancelled',
    'no-show': 'noshow',
    'no show': 'noshow',
    noshow: 'noshow',
    missed: 'noshow',
  },
  smoker: {
    '1': 'current',
    yes: 'current',
    y: 'current',
    true: 'current',
    current: 'current',
    '0': 'never',
    no: 'never',
    n: 'never',
    false: 'never',
    never: 'never',
    former: 'former',
    ex: 'former',
  },
};

/** Looks a legacy code up in a value map (case and surrounding space ignored). */
export function mapValue<T>(map: Record<string, T>, raw: unknown, what: string): Parsed<T> {
  const key = raw == null ? '' : String(raw).trim().toLowerCase();
  const value = map[key];
  return value === undefined ? { problem: `is not a known ${what} code` } : { value };
}

const TITLES = /^(dr|doctor|mr|mrs|ms|miss|mx|prof|professor|sir|dame)\.?$/i;
const SUFFIXES = /^(jr|sr|ii|iii|iv|md|do|phd|rn|np|pa|dds|mbbs)\.?$/i;

/**
 * A full name in one column: "Dr Jane Smith" → Jane / Smith, "Smith, Jane" → Jane / Smith,
 * "Jane van der Berg" → Jane / van der Berg (lower-case particles stay with the family name),
 * "Jane Smith, MD" → Jane / Smith. Titles and post-nominals are dropped.
 */
export function splitName(raw: unknown): { givenName: string; familyName: string } {
  const text = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  const [before, ...after] = text.split(',').map((p) => p.trim());
  const tail = after.filter((p) => !p.split(' ').every((w) => SUFFIXES.test(w)));
  if (tail.length > 0 && before) {
    const given = tail
      .join(' ')
      .split(' ')
      .filter((w) => !TITLES.test(w));
    return { givenName: given.join(' '), familyName: before };
  }
  const words = (before ?? '').split(' ').filter((w) => w && !TITLES.test(w) && !SUFFIXES.test(w));
  if (words.length <= 1) return { givenName: '', familyName: words[0] ?? '' };
  let cut = words.length - 1;
  while (cut > 1 && /^(van|von|der|den|de|da|del|di|la|le|du|st\.?|bin|al)$/.test(words[cut - 1]!)) cut--;
  return { givenName: words.slice(0, cut).join(' '), familyName: words.slice(cut).join(' ') };
}

/** Empty-ish legacy text (null, '', 'NULL', 'N/A') as absent. */
export function textOf(raw: unknown): string | null {
  if (raw == null) return null;
  const text = String(raw).trim();
  return text === '' || /^(null|n\/a|na|none|-)$/i.test(text) ? null : text;
}

/** A number in legacy text ("120", "120.5", "5,2" with a decimal comma); null when absent. */
export function numberOf(raw: unknown): Parsed<number | null> {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : { problem: 'is not a number' };
  const text = textOf(raw);
  if (text === null) return { value: null };
  const n = Number(text.replace(/^(\d+),(\d+)$/, '$1.$2'));
  return Number.isFinite(n) ? { value: n } : { problem: 'is not a number' };
}

/**
 * Calendar arithmetic in a practitioner's time zone with Intl alone. Dates are `YYYY-MM-DD`
 * strings, times `HH:mm`; instants are Date objects or ISO strings from the API.
 */
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(timeZone: string, instant: Date) {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock offset of `timeZone` from UTC at `instant`, in milliseconds. */
function offsetMs(timeZone: string, instant: Date) {
  const p = partsIn(timeZone, instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant when the wall clock in `timeZone` reads `date` `time`. */
export function zonedToInstant(date: string, time: string, timeZone: string): Date {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, mi = 0] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, h, mi);
  let t = guess - offsetMs(timeZone, new Date(guess));
  t = guess - offsetMs(timeZone, new Date(t));
  return new Date(t);
}

/** `YYYY-MM-DD` of `instant` on the wall calendar of `timeZone`. */
export function dateIn(instant: Date | string, timeZone: string): string {
  const p = partsIn(timeZone, new Date(instant));
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `HH:mm` of `instant` on the wall clock of `timeZone`. */
export function timeIn(instant: Date | string, timeZone: string): string {
  const p = partsIn(timeZone, new Date(instant));
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

export function addDays(date: string, days: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of `date`: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** `date`, or the first Monday–Friday after it. */
export function weekdayFrom(date: string): string {
  let day = date;
  while (isoWeekday(day) > 5) day = addDays(day, 1);
  return day;
}

/** Monday of the week holding `date`. */
export function startOfWeek(date: string): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** [from, to) of the calendar day `date` in `timeZone`, as ISO instants. */
export function dayRange(date: string, timeZone: string, days = 1) {
  return {
    from: zonedToInstant(date, '00:00', timeZone).toISOString(),
    to: zonedToInstant(addDays(date, days), '00:00', timeZone).toISOString(),
  };
}

export function minutesOf(time: string): number {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
}

export const timeOfMinutes = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** "09:30" → "9:30 AM" in the reader's locale. */
export function formatClock(time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, h, m)),
  );
}

/** The browser's own time zone: where a time with no practitioner (an audit entry, an upload) is shown. */
export const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const instantFormatters = new Map<string, Intl.DateTimeFormat>();

/** The parts of `instant` on the wall clock of `timeZone`, named in English (the app's one language). */
function namedParts(instant: Date, timeZone: string) {
  let formatter = instantFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    instantFormatters.set(timeZone, formatter);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] ??= part.value;
  return parts;
}

/** "9:00 AM EST": the time of `instant` in `timeZone`, with the zone. */
export function formatTime(instant: string | Date, timeZone: string = localZone()): string {
  const p = namedParts(new Date(instant), timeZone);
  return `${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

/** "9:00 AM": the wall-clock time alone, where the zone is already said nearby (a grid's rows). */
export function formatWallTime(instant: string | Date, timeZone: string): string {
  const p = namedParts(new Date(instant), timeZone);
  return `${p.hour}:${p.minute} ${p.dayPeriod}`;
}

/**
 * The one way the app shows an instant: "Tue 1 Dec 2026, 9:00 AM EST", in `timeZone` (an
 * appointment's practitioner's) or else the browser's, always naming the zone.
 */
export function formatDateTime(instant: string | Date, timeZone: string = localZone()): string {
  const p = namedParts(new Date(instant), timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

/** "Tue 1 Dec 2026, 9:00–9:30 AM EST": an appointment's span, said once with its zone. */
export function formatSpan(start: string | Date, end: string | Date, timeZone: string = localZone()): string {
  const a = namedParts(new Date(start), timeZone);
  const b = namedParts(new Date(end), timeZone);
  const sameDay = a.weekday === b.weekday && a.day === b.day && a.month === b.month && a.year === b.year;
  if (!sameDay) return `${formatDateTime(start, timeZone)} – ${formatDateTime(end, timeZone)}`;
  const from = a.dayPeriod === b.dayPeriod ? `${a.hour}:${a.minute}` : `${a.hour}:${a.minute} ${a.dayPeriod}`;
  return `${a.weekday} ${a.day} ${a.month} ${a.year}, ${from}–${b.hour}:${b.minute} ${b.dayPeriod} ${b.timeZoneName}`;
}

/** "2026-03-01" → "Sunday, 1 March 2026" (or the reader's locale order). */
export function formatDate(date: string, style: 'long' | 'short' = 'long'): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    ...(style === 'long'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : { weekday: 'short', day: 'numeric', month: 'short' }),
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "EST", "CET", … for `timeZone` at `instant`. */
export function zoneName(timeZone: string, instant: Date = new Date()): string {
  const part = new Intl.DateTimeFormat(undefined, { timeZone, timeZoneName: 'short' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** Today's date in the browser's own time zone. */
export const localToday = () => dateIn(new Date(), localZone());

/** Age in whole years on `today`. */
export function ageOn(birthDate: string, today: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [ty = 0, tm = 0, td = 0] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

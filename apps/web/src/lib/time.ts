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

export function formatTime(instant: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone }).format(
    new Date(instant),
  );
}

export function formatDateTime(instant: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(timeZone ? { timeZone, timeZoneName: 'short' } : {}),
  }).format(new Date(instant));
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
export const localToday = () => dateIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);

/** Age in whole years on `today`. */
export function ageOn(birthDate: string, today: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [ty = 0, tm = 0, td = 0] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

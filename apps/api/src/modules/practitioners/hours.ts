import { DEFAULT_WEEKLY_HOURS, type AvailabilityException, type WeeklyRange } from '@medicare/contracts';

/**
 * Wall-clock time in an IANA zone, without a date library: Intl knows every zone's rules (and its
 * daylight-saving changes), so an instant's local date and time come from formatToParts, and a local
 * time's instant from the zone's offset on either side of it.
 */

export type Hours = { weekly: WeeklyRange[]; exceptions: AvailabilityException[] };
export type Interval = { start: number; end: number };

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const QUARTER_HOUR = 15 * MINUTE;
/** Offsets by zone and quarter hour: Intl is slow (microseconds a call), and a slot search asks often. */
const offsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC (ms) at an instant. Offsets are multiples of 15 minutes and change at
 * whole or half local hours, so they are constant within each quarter hour of UTC and are cached so.
 */
function offsetAt(instant: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const bucket = Math.floor(instant / QUARTER_HOUR);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const at = bucket * QUARTER_HOUR;
    const parts: Record<string, number> = {};
    for (const p of formatterOf(timeZone).formatToParts(new Date(at))) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    const local = Date.UTC(
      parts.year!,
      parts.month! - 1,
      parts.day!,
      parts.hour!,
      parts.minute!,
      parts.second!,
    );
    offset = local - at;
    if (zone.size > 200_000) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/** The local wall clock at an instant, as if it were UTC (a "floating" time, in ms). */
export const localOf = (instant: number, timeZone: string): number => instant + offsetAt(instant, timeZone);

/**
 * The instant of a local wall-clock time ("floating" ms). A time that does not exist (skipped when
 * clocks go forward) is taken as the same time on the clock before the change, i.e. that much later;
 * a time that happens twice (clocks go back) is its first occurrence.
 */
export function instantOf(local: number, timeZone: string): number {
  // A zone is at most ±14 h off and changes offset at most once in two days: these two bracket it.
  const before = offsetAt(local - DAY, timeZone);
  const after = offsetAt(local + DAY, timeZone);
  if (before === after) return local - before; // no change of offset anywhere near
  const valid = [local - before, local - after].filter((t) => offsetAt(t, timeZone) === local - t);
  return valid.length > 0 ? Math.min(...valid) : local - before;
}

/** `YYYY-MM-DD` of a floating time. */
export const dateOfLocal = (local: number) => new Date(local).toISOString().slice(0, 10);

/** The local calendar date of an instant in a zone. */
export const localDateOf = (instant: Date | number, timeZone: string) =>
  dateOfLocal(localOf(typeof instant === 'number' ? instant : instant.getTime(), timeZone));

/** Minutes since midnight of `HH:MM` (24:00 is 1440). */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** ISO weekday (Monday 1 … Sunday 7) of a `YYYY-MM-DD`. */
export const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The hours that apply when none were set: the clinic default, Monday–Friday 08:00–18:00. */
export const DEFAULT_HOURS: Hours = { weekly: DEFAULT_WEEKLY_HOURS, exceptions: [] };

/**
 * When a practitioner works within [from, to): merged UTC intervals in start order, each whole
 * working range (not cut at the window), so a caller can tell whether an appointment fits in one.
 */
export function openIntervals(hours: Hours, timeZone: string, from: number, to: number): Interval[] {
  const exceptions = new Map(hours.exceptions.map((e) => [e.date, e.ranges]));
  const intervals: Interval[] = [];
  // Local dates from the day before `from` to the day after `to`: a zone is at most ±14 h off UTC.
  const first = Date.parse(`${dateOfLocal(localOf(from, timeZone))}T00:00:00Z`) - DAY;
  const last = Date.parse(`${dateOfLocal(localOf(to, timeZone))}T00:00:00Z`) + DAY;
  for (let day = first; day <= last; day += DAY) {
    const date = dateOfLocal(day);
    const weekday = isoWeekday(date);
    const ranges = exceptions.get(date) ?? hours.weekly.filter((r) => r.weekday === weekday);
    for (const r of ranges) {
      const start = instantOf(day + minutesOf(r.start) * MINUTE, timeZone);
      const end = instantOf(day + minutesOf(r.end) * MINUTE, timeZone);
      if (end > start && end > from && start < to) intervals.push({ start, end });
    }
  }
  intervals.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of intervals) {
    const prev = merged.at(-1);
    if (prev && i.start <= prev.end) prev.end = Math.max(prev.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

/** Whether [start, end) lies inside the practitioner's working hours. */
export function withinHours(hours: Hours, timeZone: string, start: Date, end: Date): boolean {
  const s = start.getTime();
  const e = end.getTime();
  return openIntervals(hours, timeZone, s, e).some((i) => i.start <= s && e <= i.end);
}

/** Problems with a set of hours (overlapping or empty ranges, a date listed twice), as error issues. */
export function hoursProblems(hours: Hours): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const checkRanges = (ranges: { start: string; end: string }[], path: (i: number) => string) => {
    const sorted = ranges
      .map((r, i) => ({ s: minutesOf(r.start), e: minutesOf(r.end), i }))
      .sort((a, b) => a.s - b.s);
    for (const [k, r] of sorted.entries()) {
      if (r.e <= r.s) issues.push({ path: `${path(r.i)}/end`, message: 'must be after start' });
      else if (k > 0 && r.s < sorted[k - 1]!.e)
        issues.push({ path: path(r.i), message: 'overlaps another range of the same day' });
    }
  };
  for (let weekday = 1; weekday <= 7; weekday++) {
    const ranges = hours.weekly.map((r, i) => ({ ...r, i })).filter((r) => r.weekday === weekday);
    checkRanges(ranges, (k) => `/weekly/${ranges[k]!.i}`);
  }
  const seen = new Set<string>();
  hours.exceptions.forEach((e, i) => {
    if (seen.has(e.date)) issues.push({ path: `/exceptions/${i}/date`, message: 'is listed twice' });
    seen.add(e.date);
    checkRanges(e.ranges, (k) => `/exceptions/${i}/ranges/${k}`);
  });
  return issues;
}

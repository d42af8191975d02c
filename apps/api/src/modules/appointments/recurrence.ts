import rrule from 'rrule';
import { MAX_SERIES_OCCURRENCES } from '@medicare/contracts';
import { invalid } from '../../lib/errors.js';
import { instantOf, localOf } from '../practitioners/index.js';

const { RRule } = rrule;

/** A series never reaches further than this from its first start (bounds the rule's work, too). */
const HORIZON_MS = 2 * 366 * 86_400_000;
const RULE_TEXT = /^(RRULE:)?[A-Z]+=[A-Z0-9,+\-=;]+$/i;

const NOT_A_RULE = 'is not an RFC 5545 recurrence rule (e.g. FREQ=WEEKLY;COUNT=6)';
const bad = (message: string) => invalid([{ path: '/recurrence/rrule', message }]);

/**
 * The starts of a series: an RFC 5545 RRULE read by the `rrule` library, with DTSTART the first
 * appointment's start as the practitioner's wall clock. The rule runs on wall-clock ("floating") time
 * and each occurrence is then placed in the zone, so a weekly 09:00 stays 09:00 across a daylight-saving
 * change. At most MAX_SERIES_OCCURRENCES, within two years; a rule with more, none, or finer than
 * daily answers 400.
 */
export function occurrencesOf(text: string, start: Date, timeZone: string): Date[] {
  if (!RULE_TEXT.test(text)) throw bad(NOT_A_RULE);
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text.replace(/^RRULE:/i, ''));
  } catch {
    throw bad(NOT_A_RULE);
  }
  if (options.until && Number.isNaN(options.until.getTime())) throw bad('UNTIL must be a date-time');
  if (options.dtstart || options.tzid)
    throw bad('must not set DTSTART or TZID (the appointment’s start is used)');
  if (typeof options.freq !== 'number' || options.freq > RRule.DAILY)
    throw bad('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  for (const key of ['count', 'interval', 'wkst'] as const) {
    const v = options[key];
    if (v !== undefined && v !== null && !(Number.isInteger(v) && (v as number) >= (key === 'wkst' ? 0 : 1)))
      throw bad(`${key.toUpperCase()} must be a positive whole number`);
  }
  const firstLocal = localOf(start.getTime(), timeZone);
  let locals: Date[];
  try {
    const rule = new RRule({ ...options, dtstart: new Date(firstLocal) });
    locals = rule.between(
      new Date(firstLocal),
      new Date(firstLocal + HORIZON_MS),
      true,
      (_d, i) => i <= MAX_SERIES_OCCURRENCES,
    );
  } catch {
    throw bad(NOT_A_RULE);
  }
  if (locals.length === 0) throw bad('yields no occurrence within two years of the start');
  if (locals.length > MAX_SERIES_OCCURRENCES || (!options.count && !options.until))
    throw bad(
      `must end (COUNT or UNTIL) within ${MAX_SERIES_OCCURRENCES} occurrences and two years of the start`,
    );
  return locals.map((d) => new Date(instantOf(d.getTime(), timeZone)));
}

/**
 * Moves an instant as a wall clock moves: the same change of local date and time as `from` → `to`,
 * so every occurrence of a weekly series moved from 09:00 to 10:30 lands at 10:30 local, DST or not.
 */
export function shiftLocally(instant: Date, from: Date, to: Date, timeZone: string): Date {
  const delta = localOf(to.getTime(), timeZone) - localOf(from.getTime(), timeZone);
  return new Date(instantOf(localOf(instant.getTime(), timeZone) + delta, timeZone));
}

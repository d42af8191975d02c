import { PgTimestamp } from 'drizzle-orm/pg-core';

/** PostgreSQL's text form of a timestamp (DateStyle ISO): `2026-03-01 09:30:00.123456+00`. */
const PG_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2})(?::(\d{2}))?)?$/;

/**
 * A timestamp as PostgreSQL writes it, read as the instant it names. drizzle reads it with
 * `new Date(text)`, and for text that is not ISO 8601 V8 guesses: years 0001–0099 came back as
 * 1950–2049 (issue 12). Rewritten as ISO 8601 first, every year 0001–9999 reads back as written.
 */
export function parseTimestamp(text: string, withTimezone: boolean): Date {
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return new Date(withTimezone ? text : `${text}+0000`);
  const [, day, time, hours, minutes] = m;
  const offset = withTimezone && hours ? `${hours}:${minutes ?? '00'}` : 'Z';
  return new Date(`${day}T${time}${offset}`);
}

/** Installs the reader on drizzle's timestamp columns (both engines map through it); once. */
export function readTimestampsExactly(): void {
  const proto = PgTimestamp.prototype as unknown as {
    mapFromDriverValue(this: { withTimezone: boolean }, value: unknown): unknown;
    exact?: true;
  };
  if (proto.exact) return;
  const original = proto.mapFromDriverValue;
  proto.mapFromDriverValue = function (value) {
    return typeof value === 'string' ? parseTimestamp(value, this.withTimezone) : original.call(this, value);
  };
  proto.exact = true;
}

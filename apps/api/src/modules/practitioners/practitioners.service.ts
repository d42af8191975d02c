import type {
  Availability,
  AvailabilityInput,
  BusyIntervals,
  BusyQuery,
  Practitioner,
  PractitionerInput,
  PractitionerListQuery,
} from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import type { PractitionerRow } from '../../db/schema/index.js';
import { offsetPaging } from '../../lib/cursor.js';
import { cleanName } from '../../lib/text.js';
import { invalid, notFound } from '../../lib/errors.js';
import { expectedVersion, stale } from '../../lib/versioning.js';
import * as repo from './practitioners.repository.js';
import { DEFAULT_HOURS, hoursProblems } from './hours.js';

export function toPractitioner(row: PractitionerRow): Practitioner {
  return {
    id: row.id,
    givenName: row.givenName,
    familyName: row.familyName,
    specialty: row.specialty,
    timeZone: row.timeZone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The API's rules for a practitioner; imports apply them through index.ts (practitionerWriteOf). */
export function toWrite(input: PractitionerInput): repo.PractitionerWrite {
  const issues = [];
  // Names as patients' are kept: NFKC, without invisible format characters (lib/text.ts).
  const givenName = cleanName(input.givenName);
  const familyName = cleanName(input.familyName);
  if (!givenName) issues.push({ path: '/givenName', message: 'must not be blank' });
  if (!familyName) issues.push({ path: '/familyName', message: 'must not be blank' });
  if (!isTimeZone(input.timeZone)) {
    issues.push({ path: '/timeZone', message: 'must be an IANA time zone such as Europe/Paris' });
  }
  if (issues.length > 0) throw invalid(issues);
  return {
    givenName,
    familyName,
    specialty: input.specialty?.trim() || null,
    timeZone: input.timeZone,
  };
}

export type PractitionersService = ReturnType<typeof createPractitionersService>;

/**
 * When a practitioner is booked (the appointments module answers; the composition root passes it
 * in, so practitioners never imports the module that depends on it).
 */
export type BusyIntervalsOf = (
  ex: Executor,
  practitionerId: string,
  from: Date,
  to: Date,
) => Promise<{ start: Date; end: Date }[]>;

export function createPractitionersService({ db }: Pick<Database, 'db'>, busyIntervals: BusyIntervalsOf) {
  return {
    async create(input: PractitionerInput): Promise<Practitioner> {
      return toPractitioner(await repo.insertPractitioner(db, toWrite(input)));
    },

    async get(id: string): Promise<Practitioner> {
      const row = await repo.findPractitioner(db, id);
      if (!row) throw notFound('PRACTITIONER_NOT_FOUND', 'Practitioner');
      return toPractitioner(row);
    },

    async list(query: PractitionerListQuery) {
      const limit = query.limit ?? 20;
      const offset = offsetPaging.decode(query.cursor);
      const page = offsetPaging.page(await repo.listPractitioners(db, limit, offset), limit, offset);
      return { items: page.items.map(toPractitioner), nextCursor: page.nextCursor };
    },

    /** Taken times in a window of up to 31 days: enough to pick a free slot, nothing about who. */
    async busy(id: string, query: BusyQuery): Promise<BusyIntervals> {
      const from = new Date(query.from);
      const to = new Date(query.to);
      if (to <= from) throw invalid([{ path: '/to', message: 'must be after from' }]);
      if (to.getTime() - from.getTime() > 31 * 86_400_000)
        throw invalid([{ path: '/to', message: 'must be at most 31 days after from' }]);
      if (!(await repo.findPractitioner(db, id))) throw notFound('PRACTITIONER_NOT_FOUND', 'Practitioner');
      const intervals = await busyIntervals(db, id, from, to);
      return {
        practitionerId: id,
        from: from.toISOString(),
        to: to.toISOString(),
        intervals: intervals.map((i) => ({ start: i.start.toISOString(), end: i.end.toISOString() })),
      };
    },

    /** Working hours; the clinic default (isDefault) until an admin sets them. */
    async availability(id: string): Promise<Availability> {
      const row = await repo.findHours(db, id);
      if (!row) throw notFound('PRACTITIONER_NOT_FOUND', 'Practitioner');
      const hours = row.availability ?? DEFAULT_HOURS;
      return {
        weekly: hours.weekly,
        exceptions: hours.exceptions,
        timeZone: row.timeZone,
        isDefault: !row.availability,
      };
    },

    async setAvailability(id: string, input: AvailabilityInput): Promise<Availability> {
      const hours = {
        weekly: input.weekly
          .map((r) => ({ weekday: r.weekday, start: r.start, end: r.end }))
          .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
        exceptions: input.exceptions
          .map((e) => ({
            date: e.date,
            ranges: e.ranges
              .map((r) => ({ start: r.start, end: r.end }))
              .sort((a, b) => a.start.localeCompare(b.start)),
          }))
          .sort((a, b) => a.date.localeCompare(b.date)),
      };
      const issues = hoursProblems(input);
      if (issues.length > 0) throw invalid(issues);
      if (!(await repo.setHours(db, id, hours))) throw notFound('PRACTITIONER_NOT_FOUND', 'Practitioner');
      return this.availability(id);
    },

    async update(id: string, input: PractitionerInput, ifMatch: string | undefined): Promise<Practitioner> {
      const version = expectedVersion(ifMatch);
      const updated = await repo.updatePractitioner(db, id, version, toWrite(input));
      if (updated) return toPractitioner(updated);
      if (await repo.findPractitioner(db, id)) throw stale();
      throw notFound('PRACTITIONER_NOT_FOUND', 'Practitioner');
    },
  };
}

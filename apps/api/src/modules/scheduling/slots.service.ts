import {
  MAX_SLOT_WINDOW_DAYS,
  SLOT_STEP_MINUTES,
  type Slot,
  type SlotList,
  type SlotQuery,
} from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import type { Clock, RequestContext } from '../../auth/principal.js';
import { invalid, notFound } from '../../lib/errors.js';
import { DEFAULT_HOURS, findHoursOf, openIntervals, type Interval } from '../practitioners/index.js';
import * as repo from './appointment-types.repository.js';
import { offers, visibleTo } from './appointment-types.service.js';

const MINUTE = 60_000;
/** The longest an appointment and its buffer hold a practitioner (8 h + 4 h). */
const LONGEST_HOLD_MS = 12 * 3_600_000;
/** "Next available" looks across at most this many practitioners who offer the type. */
const MAX_PRACTITIONERS = 100;

/**
 * When practitioners are held (booked or arrived, each with the buffer after it), in start order per
 * practitioner. The appointments module answers; the composition root passes it in, so scheduling
 * never imports the module that depends on it.
 */
export type HeldIntervalsOf = (
  ex: Executor,
  practitionerIds: string[],
  from: Date,
  to: Date,
) => Promise<{ practitionerId: string; start: Date; end: Date }[]>;

/**
 * Bookable starts of one practitioner: on a SLOT_STEP_MINUTES grid from the start of each working
 * range, the appointment inside the range, the appointment and its buffer clear of every held interval.
 */
export function freeStarts(
  open: Interval[],
  held: Interval[],
  window: Interval,
  durationMs: number,
  bufferMs: number,
): Interval[] {
  const step = SLOT_STEP_MINUTES * MINUTE;
  const starts: Interval[] = [];
  let h = 0;
  for (const range of open) {
    for (let s = range.start; s + durationMs <= range.end; s += step) {
      if (s < window.start) continue;
      if (s >= window.end) break;
      const holdEnd = s + durationMs + bufferMs;
      while (h < held.length && held[h]!.end <= s) h++;
      let clash = false;
      for (let k = h; k < held.length && held[k]!.start < holdEnd; k++) {
        if (held[k]!.end > s) {
          clash = true;
          break;
        }
      }
      if (!clash) starts.push({ start: s, end: s + durationMs });
    }
  }
  return starts;
}

export type SlotsService = ReturnType<typeof createSlotsService>;

export function createSlotsService(
  { db }: Pick<Database, 'db'>,
  heldIntervals: HeldIntervalsOf,
  clock: Clock,
) {
  return {
    async find(ctx: RequestContext, query: SlotQuery): Promise<SlotList> {
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      if (to <= from) throw invalid([{ path: '/to', message: 'must be after from' }]);
      if (to - from > MAX_SLOT_WINDOW_DAYS * 86_400_000)
        throw invalid([{ path: '/to', message: `must be at most ${MAX_SLOT_WINDOW_DAYS} days after from` }]);
      // No slot in the past: the window starts now at the earliest.
      const window = { start: Math.max(from, clock().getTime()), end: to };
      // Whatever holds time in the window (an appointment, with its buffer, is at most 12 h long).
      const heldUntil = new Date(window.end + LONGEST_HOLD_MS);
      const one = query.practitionerId;
      // With a practitioner named, the three reads go out at once: one round trip's wait, not three.
      const [type, named, heldOfNamed] = await Promise.all([
        repo.findType(db, query.appointmentTypeId),
        one ? findHoursOf(db, [one], 1) : undefined,
        one && window.start < window.end
          ? heldIntervals(db, [one], new Date(window.start), heldUntil)
          : undefined,
      ]);
      if (!type || !visibleTo(ctx, type)) throw notFound('APPOINTMENT_TYPE_NOT_FOUND', 'Appointment type');
      if (named && named.length === 0) throw notFound('PRACTITIONER_NOT_FOUND', 'Practitioner');
      const limit = query.limit ?? 200;
      if (!type.active || (one && !offers(type, one)) || window.start >= window.end) return { items: [] };
      const practitioners =
        named ??
        (await findHoursOf(
          db,
          type.practitionerIds.length > 0 ? type.practitionerIds : undefined,
          MAX_PRACTITIONERS,
        ));
      if (practitioners.length === 0) return { items: [] };
      const durationMs = type.durationMinutes * MINUTE;
      const bufferMs = type.bufferMinutes * MINUTE;
      const held =
        heldOfNamed ??
        (await heldIntervals(
          db,
          practitioners.map((p) => p.id),
          new Date(window.start),
          heldUntil,
        ));
      const heldBy = new Map<string, Interval[]>();
      for (const i of held) {
        const list = heldBy.get(i.practitionerId) ?? [];
        list.push({ start: i.start.getTime(), end: i.end.getTime() });
        heldBy.set(i.practitionerId, list);
      }
      const items: (Slot & { at: number })[] = [];
      for (const p of practitioners) {
        const open = openIntervals(p.availability ?? DEFAULT_HOURS, p.timeZone, window.start, window.end);
        const mine = (heldBy.get(p.id) ?? []).sort((a, b) => a.start - b.start);
        for (const s of freeStarts(open, mine, window, durationMs, bufferMs)) {
          items.push({
            at: s.start,
            start: new Date(s.start).toISOString(),
            end: new Date(s.end).toISOString(),
            practitionerId: p.id,
          });
        }
      }
      items.sort((a, b) => a.at - b.at || a.practitionerId.localeCompare(b.practitionerId));
      return { items: items.slice(0, limit).map(({ at: _at, ...slot }) => slot) };
    },
  };
}

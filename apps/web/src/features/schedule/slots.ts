import type { Appointment } from '@medicare/contracts';
import { minutesOf, timeIn, timeOfMinutes, zonedToInstant } from '../../lib/time';

export const SLOT_MINUTES = 30;
export const DAY_START = '08:00';
export const DAY_END = '18:00';

const holdsSlot = (a: Appointment) => a.status === 'booked' || a.status === 'arrived';

export type Slot = {
  time: string;
  start: Date;
  end: Date;
  /** Appointments that start within this slot, any status. */
  appointments: Appointment[];
  /** No booked or arrived appointment overlaps it. */
  free: boolean;
};

/**
 * The day's rows in the practitioner's zone: 30-minute slots from 08:00 to 18:00, widened to cover
 * any appointment outside those hours.
 */
export function daySlots(date: string, timeZone: string, appointments: Appointment[]): Slot[] {
  let first = minutesOf(DAY_START);
  let last = minutesOf(DAY_END);
  for (const a of appointments) {
    first = Math.min(first, Math.floor(minutesOf(timeIn(a.start, timeZone)) / SLOT_MINUTES) * SLOT_MINUTES);
    const endMinutes = minutesOf(timeIn(a.end, timeZone)) || 24 * 60;
    last = Math.max(last, Math.ceil(endMinutes / SLOT_MINUTES) * SLOT_MINUTES);
  }
  const slots: Slot[] = [];
  for (let m = first; m < Math.min(last, 24 * 60); m += SLOT_MINUTES) {
    const time = timeOfMinutes(m);
    const start = zonedToInstant(date, time, timeZone);
    const end = new Date(start.getTime() + SLOT_MINUTES * 60_000);
    const starting = appointments.filter((a) => {
      const t = Date.parse(a.start);
      return t >= start.getTime() && t < end.getTime();
    });
    const busy = appointments.some(
      (a) => holdsSlot(a) && Date.parse(a.start) < end.getTime() && Date.parse(a.end) > start.getTime(),
    );
    slots.push({ time, start, end, appointments: starting, free: !busy });
  }
  return slots;
}

import { addDays, dateIn } from '../../lib/time';

export type Repeat = 'none' | 'weekly' | 'biweekly' | 'every4weeks' | 'monthly';

export const REPEAT_LABELS: Record<Repeat, string> = {
  none: 'Does not repeat',
  weekly: 'Every week',
  biweekly: 'Every other week',
  every4weeks: 'Every 4 weeks',
  monthly: 'Every month, same date',
};

/** The RFC 5545 rule the API expands (DTSTART is the first appointment's start, in the practitioner's zone). */
export function rruleOf(repeat: Repeat, count: number): string | null {
  switch (repeat) {
    case 'none':
      return null;
    case 'weekly':
      return `FREQ=WEEKLY;COUNT=${count}`;
    case 'biweekly':
      return `FREQ=WEEKLY;INTERVAL=2;COUNT=${count}`;
    case 'every4weeks':
      return `FREQ=WEEKLY;INTERVAL=4;COUNT=${count}`;
    case 'monthly':
      return `FREQ=MONTHLY;COUNT=${count}`;
  }
}

/** The calendar date of the last occurrence (a preview; the API's expansion is the truth). */
export function lastDate(start: Date, timeZone: string, repeat: Repeat, count: number): string {
  const first = dateIn(start, timeZone);
  const step = { none: 0, weekly: 7, biweekly: 14, every4weeks: 28, monthly: 0 }[repeat];
  if (repeat !== 'monthly') return addDays(first, step * (count - 1));
  const [y = 0, m = 1, d = 1] = first.split('-').map(Number);
  const at = new Date(Date.UTC(y, m - 1 + count - 1, d));
  return at.toISOString().slice(0, 10);
}

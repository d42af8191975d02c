import { describe, expect, it } from 'vitest';
import { formatDateTime, formatSpan, formatTime, zonedToInstant } from './time';

describe('one way to show a date and time', () => {
  it('names the weekday, day, month, year, time and zone', () => {
    expect(formatDateTime('2026-12-01T14:00:00Z', 'America/New_York')).toBe('Tue 1 Dec 2026, 9:00 AM EST');
    expect(formatDateTime('2026-12-01T14:00:00Z', 'America/Los_Angeles')).toBe('Tue 1 Dec 2026, 6:00 AM PST');
    expect(formatTime('2026-07-01T13:30:00Z', 'America/New_York')).toBe('9:30 AM EDT');
  });

  it('follows daylight-saving changes (New York, 8 March 2026)', () => {
    const before = zonedToInstant('2026-03-07', '09:00', 'America/New_York');
    const after = zonedToInstant('2026-03-09', '09:00', 'America/New_York');
    expect(formatDateTime(before, 'America/New_York')).toBe('Sat 7 Mar 2026, 9:00 AM EST');
    expect(formatDateTime(after, 'America/New_York')).toBe('Mon 9 Mar 2026, 9:00 AM EDT');
    expect(after.getTime() - before.getTime()).toBe((48 - 1) * 3_600_000);
  });

  it('says a span once', () => {
    expect(formatSpan('2026-12-01T14:00:00Z', '2026-12-01T14:30:00Z', 'America/New_York')).toBe(
      'Tue 1 Dec 2026, 9:00–9:30 AM EST',
    );
    expect(formatSpan('2026-12-01T16:30:00Z', '2026-12-01T17:15:00Z', 'America/New_York')).toBe(
      'Tue 1 Dec 2026, 11:30 AM–12:15 PM EST',
    );
  });
});

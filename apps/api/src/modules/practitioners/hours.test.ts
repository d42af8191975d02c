import { describe, expect, it } from 'vitest';
import { hoursProblems, instantOf, localDateOf, localOf, openIntervals, withinHours } from './hours.js';

const floating = (iso: string) => Date.parse(`${iso}Z`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('wall-clock time in a zone', () => {
  it('places local times on both sides of New York’s changes', () => {
    expect(iso(instantOf(floating('2026-03-07T09:00:00'), 'America/New_York'))).toBe(
      '2026-03-07T14:00:00.000Z',
    );
    expect(iso(instantOf(floating('2026-03-09T09:00:00'), 'America/New_York'))).toBe(
      '2026-03-09T13:00:00.000Z',
    );
    // 02:30 does not exist on 8 March: taken as 02:30 on the clock before the change (03:30 EDT).
    expect(iso(instantOf(floating('2026-03-08T02:30:00'), 'America/New_York'))).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 01:30 happens twice on 1 November: the first (EDT).
    expect(iso(instantOf(floating('2026-11-01T01:30:00'), 'America/New_York'))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(iso(instantOf(floating('2026-11-02T09:00:00'), 'America/New_York'))).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it('reads local dates and times, half-hour zones and the southern hemisphere included', () => {
    expect(localDateOf(new Date('2026-03-04T07:30:00Z'), 'America/Los_Angeles')).toBe('2026-03-03');
    expect(iso(localOf(Date.parse('2026-01-15T00:00:00Z'), 'Asia/Kolkata'))).toBe('2026-01-15T05:30:00.000Z');
    expect(iso(instantOf(floating('2026-04-05T02:30:00'), 'Australia/Sydney'))).toBe(
      '2026-04-04T15:30:00.000Z',
    );
    expect(iso(instantOf(floating('2026-06-01T09:00:00'), 'UTC'))).toBe('2026-06-01T09:00:00.000Z');
  });
});

describe('working hours', () => {
  const hours = {
    weekly: [
      { weekday: 1, start: '09:00', end: '12:00' },
      { weekday: 1, start: '12:00', end: '13:00' },
      { weekday: 1, start: '14:00', end: '24:00' },
    ],
    exceptions: [{ date: '2026-03-16', ranges: [] }],
  };
  it('merges touching ranges, runs to midnight, and closes an exception’s day', () => {
    const open = openIntervals(
      hours,
      'UTC',
      Date.parse('2026-03-09T00:00:00Z'),
      Date.parse('2026-03-17T00:00:00Z'),
    );
    expect(open.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2026-03-09T09:00:00.000Z', '2026-03-09T13:00:00.000Z'],
      ['2026-03-09T14:00:00.000Z', '2026-03-10T00:00:00.000Z'],
    ]);
    expect(
      withinHours(hours, 'UTC', new Date('2026-03-09T12:30:00Z'), new Date('2026-03-09T13:00:00Z')),
    ).toBe(true);
    expect(
      withinHours(hours, 'UTC', new Date('2026-03-09T12:30:00Z'), new Date('2026-03-09T13:30:00Z')),
    ).toBe(false);
    expect(
      withinHours(hours, 'UTC', new Date('2026-03-16T09:00:00Z'), new Date('2026-03-16T09:30:00Z')),
    ).toBe(false);
  });

  it('names overlapping ranges and repeated dates', () => {
    expect(
      hoursProblems({
        weekly: [
          { weekday: 3, start: '10:00', end: '11:00' },
          { weekday: 3, start: '09:00', end: '10:30' },
        ],
        exceptions: [],
      }),
    ).toEqual([{ path: '/weekly/0', message: 'overlaps another range of the same day' }]);
  });
});

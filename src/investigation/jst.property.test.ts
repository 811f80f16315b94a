import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateToDayNumber,
  dayNumberToDate,
  daysBetween,
  jstDate,
  jstEndOfDay,
  preservationDeadline,
} from './jst.js';

/** The obvious reference: shift to JST, let Date do the calendar in UTC. */
function referenceDeadline(eventMs: number, retention: number, margin: number): string {
  const shifted = new Date(eventMs + 9 * 3_600_000);
  const day = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + retention - margin);
  return day.toISOString().slice(0, 10);
}

const instants = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 11, 31) });

describe('JST deadlines', () => {
  it('agree with a Date-based reference for any instant, retention and margin', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 60 }), (t, r, m) => {
        expect(preservationDeadline(t, r, m)).toBe(referenceDeadline(t, r, m));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips day numbers and dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        expect(dateToDayNumber(dayNumberToDate(n))).toBe(n);
      }),
    );
  });

  it('starts a new JST day at 15:00 UTC exactly', () => {
    expect(jstDate(Date.parse('2026-03-31T14:59:59.999Z'))).toBe('2026-03-31');
    expect(jstDate(Date.parse('2026-03-31T15:00:00.000Z'))).toBe('2026-04-01');
    expect(jstEndOfDay('2026-03-31')).toBe('2026-03-31T15:00:00.000Z');
  });

  it('crosses month, year and leap-day boundaries', () => {
    // 23:30 JST on New Year's Eve is still the old year; 00:30 JST is the new one.
    expect(preservationDeadline(Date.parse('2026-12-31T14:30:00Z'), 1, 0)).toBe('2027-01-01');
    expect(preservationDeadline(Date.parse('2026-12-31T15:30:00Z'), 1, 0)).toBe('2027-01-02');
    expect(preservationDeadline(Date.parse('2028-02-28T03:00:00Z'), 1, 0)).toBe('2028-02-29');
    expect(preservationDeadline(Date.parse('2027-02-28T03:00:00Z'), 1, 0)).toBe('2027-03-01');
    // 01:00 JST on 31 January 2028; 83 days on, through 29 February.
    expect(preservationDeadline(Date.parse('2028-01-30T16:00:00Z'), 90, 7)).toBe('2028-04-23');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2023-12-31', '2024-03-01')).toBe(61);
  });

  it('rejects impossible dates', () => {
    expect(() => dateToDayNumber('2027-02-29')).toThrow(RangeError);
    expect(() => dateToDayNumber('2027-13-01')).toThrow(RangeError);
    expect(() => dateToDayNumber('27-1-1')).toThrow(RangeError);
  });
});

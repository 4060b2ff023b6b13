import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { englandDateOf, londonDayStartMs, londonOffsetMinutes } from '../src/index';

// ICU's answers, which the module stands in for.
const icuOffset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });
const icuDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const icuOffsetMinutes = (atMs: number): number => {
  const name = icuOffset.formatToParts(atMs).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
};

const HOUR_MS = 3_600_000;
const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) });

describe('London clock', () => {
  it('changes the offset where ICU does, every year from 1996 to 2100', () => {
    for (let year = 1996; year <= 2100; year++) {
      // The clocks change on the hour in the last week of March and of October: each such hour and
      // the millisecond before it; noon of every day of the year for the rest.
      for (const month of [2, 9]) {
        for (let at = Date.UTC(year, month, 24); at < Date.UTC(year, month + 1, 1); at += HOUR_MS) {
          for (const t of [at - 1, at]) expect(londonOffsetMinutes(t), new Date(t).toISOString()).toBe(icuOffsetMinutes(t));
        }
      }
      for (let at = Date.UTC(year, 0, 1, 12); at < Date.UTC(year + 1, 0, 1); at += 24 * HOUR_MS) {
        expect(londonOffsetMinutes(at), new Date(at).toISOString()).toBe(icuOffsetMinutes(at));
      }
    }
  });

  it('knows the 2025 changes: BST from 30 March 01:00 UTC to 26 October 01:00 UTC', () => {
    expect(londonOffsetMinutes(Date.parse('2025-03-30T00:59:59.999Z'))).toBe(0);
    expect(londonOffsetMinutes(Date.parse('2025-03-30T01:00:00Z'))).toBe(60);
    expect(londonOffsetMinutes(Date.parse('2025-10-26T00:59:59.999Z'))).toBe(60);
    expect(londonOffsetMinutes(Date.parse('2025-10-26T01:00:00Z'))).toBe(0);
  });

  it('agrees with ICU at any instant, including the years before the current rule', () => {
    fc.assert(
      fc.property(instant, (at) => {
        expect(londonOffsetMinutes(at)).toBe(icuOffsetMinutes(at));
        expect(englandDateOf(new Date(at))).toBe(icuDate.format(at));
      }),
      { numRuns: 5_000 },
    );
  });

  it("gives England's date, not UTC's, around midnight", () => {
    expect(englandDateOf(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(englandDateOf(new Date('2025-12-31T23:30:00Z'))).toBe('2025-12-31');
  });

  it("starts a day at London's midnight, also on the days the clocks change", () => {
    expect(new Date(londonDayStartMs('2025-01-15')).toISOString()).toBe('2025-01-15T00:00:00.000Z');
    expect(new Date(londonDayStartMs('2025-07-15')).toISOString()).toBe('2025-07-14T23:00:00.000Z');
    expect(new Date(londonDayStartMs('2025-03-30')).toISOString()).toBe('2025-03-30T00:00:00.000Z');
    expect(new Date(londonDayStartMs('2025-10-26')).toISOString()).toBe('2025-10-25T23:00:00.000Z');
    fc.assert(
      fc.property(instant, (at) => {
        const start = londonDayStartMs(icuDate.format(at));
        expect(icuDate.format(start)).toBe(icuDate.format(at));
        expect(icuDate.format(start - 1)).not.toBe(icuDate.format(at));
      }),
      { numRuns: 2_000 },
    );
  });
});

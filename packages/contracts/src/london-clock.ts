/**
 * Europe/London's civil time, worked out from the UK's summer-time rule instead of ICU's time-zone
 * data. The first `Intl.DateTimeFormat` a process builds maps ICU's locale and zone data: about 8 MB
 * of RSS in every service, against a 150 MB budget, for a question with a two-line answer.
 *
 * The rule (Summer Time Order 2002, the same since 1996): British Summer Time runs from 01:00 UTC on
 * the last Sunday of March to 01:00 UTC on the last Sunday of October. Instants before 1996 (earlier
 * rules) fall back to ICU. A test compares every change of the clocks to 2100 with ICU's answer, so a
 * new law reaching the time-zone data Node ships fails it rather than going unnoticed.
 */

const MINUTE_MS = 60_000;
const FIRST_YEAR_OF_RULE = 1996;
const MARCH = 2;
const OCTOBER = 9;

/** Epoch ms of 01:00 UTC on the last Sunday of a month (0-based), when UK clocks change. */
function lastSundayChange(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

let icuOffsetFormat: Intl.DateTimeFormat | undefined;

/** ICU's offset, for instants before the current rule (built on first use only). */
function icuOffsetMinutes(atMs: number): number {
  icuOffsetFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });
  const name = icuOffsetFormat.formatToParts(atMs).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** UTC offset of Europe/London at an instant, in minutes: 0 (GMT) or 60 (BST) from 1996, ICU's answer before. */
export function londonOffsetMinutes(atMs: number): number {
  const year = new Date(atMs).getUTCFullYear();
  if (year < FIRST_YEAR_OF_RULE) return icuOffsetMinutes(atMs);
  return atMs >= lastSundayChange(year, MARCH) && atMs < lastSundayChange(year, OCTOBER) ? 60 : 0;
}

/**
 * Today's date in England at the given moment, `YYYY-MM-DD`. Used for "not in the future" on dates,
 * so that a baby born just after midnight BST is not rejected while UTC is still on the previous day.
 */
export function englandDateOf(at: Date): string {
  const atMs = at.getTime();
  return new Date(atMs + londonOffsetMinutes(atMs) * MINUTE_MS).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00 Europe/London on `date` (YYYY-MM-DD). */
export function londonDayStartMs(date: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // The clocks change at 01:00 UTC, so the offset in force at 00:00 UTC is the one at London's midnight.
  return utcMidnight - londonOffsetMinutes(utcMidnight) * MINUTE_MS;
}

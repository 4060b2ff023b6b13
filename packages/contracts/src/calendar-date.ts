import { z } from 'zod';

/** `YYYY-MM-DD` that exists in the calendar (zod's ISO date rejects 2023-02-29, 2023-04-31). */
// abort: later range refinements compare strings, which only makes sense on a well-formed date.
export const calendarDateSchema = z.iso.date({ error: 'must be a real calendar date in YYYY-MM-DD format', abort: true });

const englandDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Today's date in England at the given moment. Used for "not in the future" on dates, so that
 * a baby born just after midnight BST is not rejected while UTC is still on the previous day.
 */
export function englandDateOf(at: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return englandDateFormat.format(at);
}

import { z } from 'zod';

/** `YYYY-MM-DD` that exists in the calendar (zod's ISO date rejects 2023-02-29, 2023-04-31). */
// abort: later range refinements compare strings, which only makes sense on a well-formed date.
export const calendarDateSchema = z.iso.date({ error: 'must be a real calendar date in YYYY-MM-DD format', abort: true });

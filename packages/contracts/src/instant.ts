import { z } from 'zod';

/**
 * An instant: ISO 8601 date-time with seconds and an explicit zone (Z or +hh:mm), as FHIR
 * `instant` requires. A zone-less time would be ambiguous around the BST changeover.
 * The string is kept as sent (not turned into a Date) so it round-trips through Kafka JSON.
 */
export const instantSchema = z.iso.datetime({
  offset: true,
  // abort: later refinements (e.g. "not in the future") only make sense on a well-formed instant.
  abort: true,
  error: 'must be an ISO 8601 date-time with seconds and a time zone (YYYY-MM-DDThh:mm:ss then Z or ±hh:mm)',
});

export function instantToMillis(instant: string): number {
  return Date.parse(instant);
}

/**
 * The calendar date written in the instant, at its own offset: the pharmacy's wall-clock date,
 * which is what a birth date is compared with.
 */
export function calendarDateOfInstant(instant: string): string {
  return instant.slice(0, 10);
}

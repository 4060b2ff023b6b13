import { z } from 'zod';

/**
 * An instant: ISO 8601 date-time with seconds and an explicit zone (Z or +hh:mm), as FHIR
 * `instant` requires. A zone-less time would be ambiguous around the BST changeover.
 * The string is kept as sent (not turned into a Date) so it round-trips through Kafka JSON.
 */
export const instantSchema = z.iso
  .datetime({
    offset: true,
    // abort: later refinements (e.g. "not in the future") only make sense on a well-formed instant.
    abort: true,
    error: 'must be an ISO 8601 date-time with seconds and a time zone (YYYY-MM-DDThh:mm:ss then Z or ±hh:mm)',
  })
  // ISO 8601 allows any offset up to ±23:59; FHIR's instant (what the GP record receives) stops at
  // ±14:00, the widest real zone. Refused here rather than quietly rewritten downstream.
  .refine((at) => zoneOffsetMinutes(at) <= MAX_OFFSET_MINUTES, {
    error: 'time zone offset must be between -14:00 and +14:00',
    abort: true,
  });

const MAX_OFFSET_MINUTES = 14 * 60;
const ZONE_OFFSET = /([+-])(\d{2}):(\d{2})$/;

function zoneOffsetMinutes(instant: string): number {
  const match = ZONE_OFFSET.exec(instant);
  return match ? Number(match[2]) * 60 + Number(match[3]) : 0;
}

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

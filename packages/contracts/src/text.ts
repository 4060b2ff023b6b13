import { z } from 'zod';

/**
 * Free text with a length range. Blank strings are rejected: FHIR strings must carry content,
 * and a whitespace-only clinical summary would reach the GP as an empty record entry.
 */
export function boundedText(min: number, max: number) {
  const schema = z.string().max(max, `must be at most ${max} characters`);
  if (min === 0) return schema;
  return schema
    // abort: an empty string is not also reported as blank.
    .min(min, { message: min === 1 ? 'must not be empty' : `must be at least ${min} characters`, abort: true })
    .regex(/\S/, 'must not be blank');
}

import { z } from 'zod';

// UK postcode: outward code (area letters, district digit, optional letter/digit) and inward
// code (digit + two letters). Case and the single space are forgiven on input.
const UK_POSTCODE = /^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$/;

/** Canonical form "SW1A 1AA": upper case, one space before the 3-character inward code. */
export function canonicalPostcode(input: string): string {
  const compact = input.replace(/ /g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export const ukPostcodeSchema = z
  .string()
  .regex(UK_POSTCODE, { message: 'must be a UK postcode (format like A9 9AA or AA9A 9AA)', abort: true })
  .overwrite(canonicalPostcode);

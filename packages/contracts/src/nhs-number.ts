import { z } from 'zod';

// Pharmacy systems often display NHS numbers as "943 476 5919"; we accept that form and keep
// only the digits, because the GP message and MESH routing need the bare 10-digit value.
export function normaliseNhsNumber(input: string): string {
  return input.replace(/ /g, '');
}

const MOD11_WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/**
 * NHS number Mod 11 check (docs/update-record-itk3.md#nhs-number-check-digit): weights 10..2 on the first nine digits,
 * check = 11 - (sum mod 11); 11 means 0 and 10 means the number can never be valid.
 * All-same-digit numbers are rejected too: several of them (e.g. 1111111111) pass Mod 11
 * but are obvious placeholders typed to get past a mandatory field.
 */
export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  if (!/^[0-9]{10}$/.test(digits)) return false;
  if (/^(\d)\1{9}$/.test(digits)) return false;
  const sum = MOD11_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** Input: 10 digits, spaces allowed anywhere. Output: the 10 digits only. */
export const nhsNumberSchema = z
  .string()
  // Shape first (and abort), so a malformed value gets one clear message rather than two.
  .regex(/^ *(?:[0-9] *){10}$/, { message: 'must be 10 digits (spaces allowed)', abort: true })
  // overwrite (not transform) keeps the schema a plain string, so JSON Schema generation works.
  .overwrite(normaliseNhsNumber)
  .refine(isValidNhsNumber, { message: 'must be a valid NHS number (Mod 11 check failed)' });

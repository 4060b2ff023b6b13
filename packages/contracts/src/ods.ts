import { z } from 'zod';

// ODS formats: docs/update-record-itk3.md#ods-codes. Upper case only: ODS codes are upper case everywhere they are
// published, and silently upper-casing would hide a supplier bug in how codes are stored.
const PHARMACY_ODS = /^F[A-Z0-9]{4}$/;
const GP_PRACTICE_ODS = /^[A-Z][0-9]{5}$/;

/** Community pharmacy ODS code: 5 characters, starting with F (e.g. FVR79). */
export function isPharmacyOdsCode(code: string): boolean {
  return PHARMACY_ODS.test(code);
}

/** GP practice ODS code: a letter and 5 digits (e.g. A81001, Y02345). */
export function isGpPracticeOdsCode(code: string): boolean {
  return GP_PRACTICE_ODS.test(code);
}

export const pharmacyOdsCodeSchema = z.string().regex(PHARMACY_ODS, 'must be a community pharmacy ODS code (5 upper-case letters or digits starting with F)');

export const gpPracticeOdsCodeSchema = z.string().regex(GP_PRACTICE_ODS, 'must be a GP practice ODS code (an upper-case letter followed by 5 digits)');

// The areas outcomes are counted by (NHS England ODS): an ICB is Q and two letters or digits (QE1,
// QZA), a sub-ICB location three letters or digits (00L, Z1A), a PCN U and five digits (U90001).
// Upper case only, as ODS publishes them.
export const icbCodeSchema = z.string().regex(/^Q[A-Z0-9]{2}$/, 'must be an ICB ODS code (Q and 2 upper-case letters or digits)');
export const subIcbCodeSchema = z.string().regex(/^[A-Z0-9]{3}$/, 'must be a sub-ICB location ODS code (3 upper-case letters or digits)');
export const pcnCodeSchema = z.string().regex(/^U[0-9]{5}$/, 'must be a PCN ODS code (U and 5 digits)');

import { isValidNhsNumber } from '@firstsync/contracts';
import { transliterateToAscii } from './ascii-text';
import { MEX_MAX_LENGTH } from './mex-headers';

/**
 * `GPPROVIDER_<NHS number>_<DOB>_<SURNAME>`: MESH routes it to the patient's registered practice
 * through PDS (docs/mesh.md#gpprovider-addressing). This string is patient-identifiable: never log it.
 */
export const GPPROVIDER_PREFIX = 'GPPROVIDER_';

/**
 * NHS guides disagree on the DOB order (docs/known-spec-pitfalls.md#date-of-birth-order-in-gpprovider-addresses): Update Record examples use DDMMYYYY,
 * the direct-care guide YYYYMMDD. Configurable until confirmed in the integration environment.
 */
export type GpProviderDobFormat = 'DDMMYYYY' | 'YYYYMMDD';

export interface GpProviderPatient {
  nhsNumber: string;
  /** ISO calendar date, YYYY-MM-DD. */
  birthDate: string;
  surname: string;
}

export class GpProviderAddressError extends Error {
  constructor(readonly field: 'nhsNumber' | 'birthDate' | 'surname') {
    // Names the field, never its value.
    super(`cannot build a GPPROVIDER address: invalid ${field}`);
    this.name = 'GpProviderAddressError';
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// PREFIX + 10-digit NHS number + _ + 8-digit DOB + _ : what mex-To's 100 characters leave for the surname.
const SURNAME_MAX = MEX_MAX_LENGTH.to - (GPPROVIDER_PREFIX.length + 10 + 1 + 8 + 1);

/**
 * The surname as it travels in a `GPPROVIDER_` address, or null when nothing PDS could match is
 * left. Pure; the one rule both the sender and the simulated PDS apply.
 *
 * PDS holds names only in A-Z, a-z, digits, space, apostrophe, hyphen, full stop and the Latin
 * letters U+00C0-U+017F (PDS FHIR API, update rules for `name`): `Łukasiewicz` is held as such,
 * `O’Sullivan` (U+2019) and `Nguyễn` (U+1EC5) cannot be, so PDS holds `O'Sullivan` and `Nguyen`.
 * mex-To is an HTTP header, so the address must be visible ASCII (see ascii-text.ts). The surname is
 * therefore transliterated as a PDS trace folds it (accents removed, Ł -> L, ß -> SS, ’ -> '),
 * upper-cased (MESH upper-cases mex-To), reduced to PDS's ASCII characters (underscores, the
 * address's own delimiter, go with everything else PDS cannot hold), spaces collapsed, and cut to
 * what mex-To leaves. That MESH compares a folded surname with PDS's stored one is our inference
 * (no NHS document states how); confirm in the integration environment, as for the DOB order.
 *
 * A surname with no Latin letter at all (Chinese, Arabic, ... script only) gives null: PDS cannot
 * hold it, no romanisation of ours would match the one the patient registered with, and a guess
 * would only come back as EPL-154 hours later. Nothing is sent over MESH: `gpProviderAddress`
 * throws GpProviderAddressError('surname'), the message's own fault (not the practice's), which
 * delivery dead-letters at once with that reason for an operator.
 */
export function gpProviderSurname(surname: string): string | null {
  const value = transliterateToAscii(surname)
    .toUpperCase()
    .replace(/[^A-Z0-9 '.-]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, SURNAME_MAX)
    .trim();
  return /[A-Z]/.test(value) ? value : null;
}

export function gpProviderAddress(patient: GpProviderPatient, dobFormat: GpProviderDobFormat = 'DDMMYYYY'): string {
  const nhsNumber = patient.nhsNumber.replace(/\s/g, '');
  if (!isValidNhsNumber(nhsNumber)) throw new GpProviderAddressError('nhsNumber');
  const date = ISO_DATE.exec(patient.birthDate);
  if (!date) throw new GpProviderAddressError('birthDate');
  const [, year, month, day] = date as unknown as [string, string, string, string];
  const surname = gpProviderSurname(patient.surname);
  if (surname === null) throw new GpProviderAddressError('surname');
  const dob = dobFormat === 'DDMMYYYY' ? `${day}${month}${year}` : `${year}${month}${day}`;
  return `${GPPROVIDER_PREFIX}${nhsNumber}_${dob}_${surname}`;
}

export interface ParsedGpProviderAddress {
  nhsNumber: string;
  /** The 8 DOB digits as sent; the order is ambiguous (see GpProviderDobFormat). */
  dobDigits: string;
  surname: string;
}

/** Splits an address (receiver side); null when it is not `GPPROVIDER_<digits>_<8 digits>_<surname>`. */
export function parseGpProviderAddress(address: string): ParsedGpProviderAddress | null {
  if (!address.toUpperCase().startsWith(GPPROVIDER_PREFIX)) return null;
  const rest = address.slice(GPPROVIDER_PREFIX.length);
  const first = rest.indexOf('_');
  const second = rest.indexOf('_', first + 1);
  if (first < 0 || second < 0) return null;
  const nhsNumber = rest.slice(0, first);
  const dobDigits = rest.slice(first + 1, second);
  const surname = rest.slice(second + 1);
  if (!/^\d+$/.test(nhsNumber) || !/^\d{8}$/.test(dobDigits) || surname.length === 0) return null;
  return { nhsNumber, dobDigits, surname: surname.toUpperCase() };
}

/** The ISO dates an 8-digit DOB can mean (both orders, when both are real dates). */
export function candidateBirthDates(dobDigits: string): string[] {
  const asDmy = `${dobDigits.slice(4, 8)}-${dobDigits.slice(2, 4)}-${dobDigits.slice(0, 2)}`;
  const asYmd = `${dobDigits.slice(0, 4)}-${dobDigits.slice(4, 6)}-${dobDigits.slice(6, 8)}`;
  // A real calendar date from 1900 on: a living patient's DOB.
  const real = (iso: string) => {
    const parsed = new Date(`${iso}T00:00:00Z`);
    return iso >= '1900-01-01' && !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso);
  };
  return [...new Set([asDmy, asYmd].filter(real))];
}

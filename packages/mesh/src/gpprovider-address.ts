import { isValidNhsNumber } from '@firstsync/contracts';

/**
 * `GPPROVIDER_<NHS number>_<DOB>_<SURNAME>`: MESH routes it to the patient's registered practice
 * through PDS (domain.md 1.1). This string is patient-identifiable: never log it.
 */
export const GPPROVIDER_PREFIX = 'GPPROVIDER_';

/**
 * NHS guides disagree on the DOB order (domain.md 5.2 #2): Update Record examples use DDMMYYYY,
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

/** Surnames travel upper-cased (MESH upper-cases mex-To); underscores would break the address. */
function normaliseSurname(surname: string): string | null {
  const value = surname.trim().toUpperCase();
  if (value.length === 0 || value.length > 60 || /[_:\x00-\x1f]/.test(value)) return null;
  return value;
}

export function gpProviderAddress(patient: GpProviderPatient, dobFormat: GpProviderDobFormat = 'DDMMYYYY'): string {
  const nhsNumber = patient.nhsNumber.replace(/\s/g, '');
  if (!isValidNhsNumber(nhsNumber)) throw new GpProviderAddressError('nhsNumber');
  const date = ISO_DATE.exec(patient.birthDate);
  if (!date) throw new GpProviderAddressError('birthDate');
  const [, year, month, day] = date as unknown as [string, string, string, string];
  const surname = normaliseSurname(patient.surname);
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

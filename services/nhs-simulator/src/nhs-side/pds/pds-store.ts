import { isValidNhsNumber } from '@firstsync/contracts';
import { candidateBirthDates, gpProviderSurname, type ParsedGpProviderAddress } from '@firstsync/mesh';
import { z } from 'zod';

export const pdsPatientSchema = z.strictObject({
  nhsNumber: z.string().regex(/^\d{10}$/),
  birthDate: z.iso.date(),
  surname: z.string().min(1).max(60),
  /** The registered GP practice (ODS). */
  practiceOds: z.string().regex(/^[A-Z0-9]{3,10}$/),
});
export type PdsPatient = z.output<typeof pdsPatientSchema>;

/**
 * strict: only patients registered through the admin API exist (as on Spine).
 * learn-from-payload: an unknown patient with a valid NHS number is registered at the practice the
 * message itself names (Patient.generalPractitioner), so demos route without seeding; a test double
 * convenience that real MESH does not have.
 */
export type PdsMode = 'strict' | 'learn-from-payload';

export type TraceResult =
  | { outcome: 'matched'; practiceOds: string }
  | { outcome: 'invalid-nhs-number' }
  | { outcome: 'not-found' }
  | { outcome: 'demographics-mismatch' };

/**
 * PDS holds `Łukasiewicz` and `O'Sullivan`; an address carries `LUKASIEWICZ` and `O'SULLIVAN`
 * (visible ASCII, as every MESH header must be). Both sides are folded by the one rule the sender
 * uses (gpProviderSurname: accents removed, Ł -> L, ’ -> ', upper case), so a patient is found
 * whichever way either side spells the same name; a surname with no Latin letter matches nothing.
 */
function sameSurname(addressed: string, stored: string): boolean {
  const folded = gpProviderSurname(addressed);
  return folded !== null && folded === gpProviderSurname(stored);
}

/**
 * PDS trace as MESH does it for GPPROVIDER_ routing (docs/mesh.md#reports-in-the-senders-inbox): Mod 11 check (EPL-152), known
 * NHS number (EPL-153), DOB and surname must match (EPL-154). Either DOB order is accepted because
 * NHS guides disagree on it (docs/known-spec-pitfalls.md#date-of-birth-order-in-gpprovider-addresses).
 */
export function tracePatient(address: ParsedGpProviderAddress, find: (nhsNumber: string) => PdsPatient | undefined): TraceResult {
  if (!isValidNhsNumber(address.nhsNumber)) return { outcome: 'invalid-nhs-number' };
  const patient = find(address.nhsNumber);
  if (!patient) return { outcome: 'not-found' };
  const dobMatches = candidateBirthDates(address.dobDigits).includes(patient.birthDate);
  if (!dobMatches || !sameSurname(address.surname, patient.surname)) return { outcome: 'demographics-mismatch' };
  return { outcome: 'matched', practiceOds: patient.practiceOds };
}

/** The fake Personal Demographics Service: NHS number -> demographics and registered practice. */
export class PdsStore {
  private readonly patients = new Map<string, PdsPatient>();
  mode: PdsMode;

  constructor(mode: PdsMode = 'learn-from-payload') {
    this.mode = mode;
  }

  register(patient: PdsPatient): void {
    this.patients.set(patient.nhsNumber, patient);
  }

  find(nhsNumber: string): PdsPatient | undefined {
    return this.patients.get(nhsNumber);
  }

  remove(nhsNumber: string): boolean {
    return this.patients.delete(nhsNumber);
  }

  /** Registered patients per practice: counts only, the list itself is patient data. */
  countsByPractice(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const p of this.patients.values()) counts[p.practiceOds] = (counts[p.practiceOds] ?? 0) + 1;
    return counts;
  }

  get size(): number {
    return this.patients.size;
  }

  clear(): void {
    this.patients.clear();
  }
}

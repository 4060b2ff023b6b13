import type { MedicineSupplied } from '@firstsync/contracts';
import type { Concept } from './concept';

/**
 * Contract supply type -> CareConnect-MedicationSupplyType-1. `clinical-protocol` has no code in
 * that code system (its codes: over-the-counter, emergency-supply, patient-group-direction,
 * minor-ailments-scheme, prescription-dispensing, private-prescription-dispensing, self-declared),
 * so it is sent as text only rather than squeezed into a code that means something else.
 */
export const SUPPLY_TYPES: Readonly<Record<MedicineSupplied['supplyType'], Concept & { readonly coded: boolean }>> = {
  'patient-group-direction': { code: 'patient-group-direction', display: 'Patient group direction', coded: true },
  'over-the-counter': { code: 'over-the-counter', display: 'Over the counter', coded: true },
  'emergency-supply': { code: 'emergency-supply', display: 'Emergency supply', coded: true },
  'prescription-dispensing': { code: 'prescription-dispensing', display: 'Prescription dispensing', coded: true },
  'minor-ailments-scheme': { code: 'minor-ailments-scheme', display: 'Minor ailments scheme', coded: true },
  'clinical-protocol': { code: 'clinical-protocol', display: 'Clinical protocol', coded: false },
};

export const DISPENSE_CATEGORY_COMMUNITY: Concept = { code: 'community', display: 'Community' };

/**
 * Contract medicine status -> MedicationDispense.status. A declined supply is `stopped`
 * (docs/update-record-itk3.md#medicationdispense) and also `notDone`, so a receiver can never mistake it for a medicine the patient took home.
 */
export const DISPENSE_STATUS: Readonly<Record<MedicineSupplied['status'], 'completed' | 'stopped'>> = {
  completed: 'completed',
  declined: 'stopped',
};

/** STU3 MedicationDispense.status codes (required binding). */
export const STU3_DISPENSE_STATUSES: ReadonlySet<string> = new Set(['preparation', 'in-progress', 'on-hold', 'completed', 'entered-in-error', 'stopped']);

import type { Service } from '@firstsync/contracts';
import type { Concept } from './concept';

// Which GP Connect Update Record (ITK3) release each code follows is recorded per row in
// contracts/mapping-table.md ("Which release each rule follows"); what could not be confirmed is in
// docs/known-spec-pitfalls.md#update-record-release-121.

const CPCS_MINOR_ILLNESS: Concept = {
  code: '1577041000000109',
  display: 'Community Pharmacist Consultation Service for minor illness',
};
// Added for urgent supply after 1.2.0 (the IG's working draft; not in the 1.2.1 service table);
// receivers may still route these through the separate Emergency Supply spec
// (docs/pharmacy-first.md#urgent-medicine-supply).
const CPCS_URGENT_SUPPLY: Concept = {
  code: '1577321000000100',
  display: 'Community Pharmacist Consultation Service for urgent supply of prescription items',
};
const BLOOD_PRESSURE_CHECK: Concept = { code: '1659111000000107', display: 'Community Pharmacy Blood Pressure Check Service' };
const CONTRACEPTION: Concept = { code: '1659121000000101', display: 'Community Pharmacy Contraception Service' };

/**
 * Composition.type per service, as release 1.2.1-public-beta ("Representation of the data", "Appropriate
 * SNOMED CT codes") lists it: Pharmacy First, clinical pathways and minor illness alike, is now
 * 2129921000000100; 1.2.0 and earlier used the CPCS minor-illness code. BP check and contraception are
 * unchanged. Displays are the SNOMED terms (1.2.1 suggests "Hypertension Case Finding Service" as the BP
 * display name, which we could not confirm is a SNOMED description, so the coding keeps the term).
 */
export const COMPOSITION_TYPES: Readonly<Record<Service, Concept>> = {
  'pharmacy-first': { code: '2129921000000100', display: 'Community Pharmacy Pharmacy First Service' },
  'urgent-medicine-supply': CPCS_URGENT_SUPPLY,
  'blood-pressure-check': BLOOD_PRESSURE_CHECK,
  contraception: CONTRACEPTION,
};

/**
 * Encounter.reason per service: the service code as every official example (1.2.0) sends it. 1.2.1 changes
 * only Composition.type and its examples were not found, so Pharmacy First keeps the CPCS minor-illness
 * code here (docs/known-spec-pitfalls.md#update-record-release-121).
 */
export const ENCOUNTER_REASONS: Readonly<Record<Service, Concept>> = {
  'pharmacy-first': CPCS_MINOR_ILLNESS,
  'urgent-medicine-supply': CPCS_URGENT_SUPPLY,
  'blood-pressure-check': BLOOD_PRESSURE_CHECK,
  contraception: CONTRACEPTION,
};

/** Encounter.type: every IG example uses this, whatever the service. */
export const ENCOUNTER_TYPE: Concept = { code: '307778003', display: 'Seen in primary care establishment' };

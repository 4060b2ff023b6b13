import type { Service } from '@firstsync/contracts';
import type { Concept } from './concept';

/**
 * Composition.type and Encounter.reason per service (docs/pharmacy-first.md#service-codes). The IG uses the CPCS
 * minor-illness code for every Pharmacy First element, clinical pathways included, so we do too:
 * the newer "Pharmacy First" concepts seen in GP data are not in the IG and receivers were
 * assured against these.
 */
export const SERVICE_CODES: Readonly<Record<Service, Concept>> = {
  'pharmacy-first': {
    code: '1577041000000109',
    display: 'Community Pharmacist Consultation Service for minor illness',
  },
  // Added to the IG for urgent supply (release notes 1.2.0); receivers may still route these
  // through the separate Emergency Supply spec (docs/pharmacy-first.md#urgent-medicine-supply).
  'urgent-medicine-supply': {
    code: '1577321000000100',
    display: 'Community Pharmacist Consultation Service for urgent supply of prescription items',
  },
  'blood-pressure-check': { code: '1659111000000107', display: 'Community Pharmacy Blood Pressure Check Service' },
  contraception: { code: '1659121000000101', display: 'Community Pharmacy Contraception Service' },
};

/** Encounter.type: every IG example uses this, whatever the service. */
export const ENCOUNTER_TYPE: Concept = { code: '307778003', display: 'Seen in primary care establishment' };

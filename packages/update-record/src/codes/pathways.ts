import type { PharmacyFirstPathway } from '@firstsync/contracts';
import type { Concept } from './concept';

/**
 * The condition recorded when a clinical-pathway consultation names no presenting complaint
 * (docs/consultation-contract.md#top-level-fields). Codes from the OpenSAFELY pathway codelist
 * (docs/pharmacy-first.md#clinical-pathways-and-eligibility), which
 * is what GP-side analysis counts; the IG fixes no codes, and its two examples use narrower
 * concepts (276433004, 68566005) that suppliers may still send as explicit complaints.
 */
export const PATHWAY_DEFAULT_CONDITIONS: Readonly<Record<PharmacyFirstPathway, Concept>> = {
  'acute-sinusitis': { code: '15805002', display: 'Acute sinusitis' },
  'sore-throat': { code: '363746003', display: 'Acute pharyngitis' },
  'acute-otitis-media': { code: '3110003', display: 'Acute otitis media' },
  'infected-insect-bite': { code: '262550002', display: 'Infected insect bite' },
  impetigo: { code: '48277006', display: 'Impetigo' },
  shingles: { code: '4740000', display: 'Herpes zoster' },
  'uncomplicated-uti': { code: '1090711000000102', display: 'Uncomplicated urinary tract infection' },
};

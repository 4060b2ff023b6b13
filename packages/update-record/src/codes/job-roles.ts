import type { Clinician } from '@firstsync/contracts';
import { SYSTEM } from '../profiles';
import type { Concept } from './concept';

export interface JobRole extends Concept {
  readonly system: string;
}

/**
 * SDS job roles (R1290 Pharmacist, R5220 Pharmacy Technician; docs/known-spec-pitfalls.md#sds-job-role-code-system). The PractitionerRole
 * profile's job-role slice fixes the HL7 UK code system, which has R1290 but not R5220; only the
 * fhir.nhs.uk code system (the one the IG examples use) defines R5220. So the pharmacist goes in
 * the profile's slice and the technician uses the fhir.nhs.uk system in the open part of the
 * slicing, as the IG's own BP example does: both are valid against the profile and neither
 * invents a code. R8003 ("Health Professional Access Role") is an RBAC access role, not a job.
 */
export const JOB_ROLES: Readonly<Record<Clinician['role'], JobRole>> = {
  pharmacist: { system: SYSTEM.sdsJobRoleHl7Uk, code: 'R1290', display: 'Pharmacist' },
  'pharmacy-technician': { system: SYSTEM.sdsJobRoleNhs, code: 'R5220', display: 'Pharmacy Technician' },
};

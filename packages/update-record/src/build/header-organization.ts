import type { Organization } from '../fhir-stu3';
import { PROFILE, SYSTEM } from '../profiles';
import { meta } from './datatypes';

/** ITK header organisation: the ODS identifier only (name, address etc. are 0..0 in the profile). */
export function buildHeaderOrganization(id: string, odsCode: string): Organization {
  return {
    resourceType: 'Organization',
    id,
    meta: meta(PROFILE.headerOrganization),
    identifier: [{ system: SYSTEM.odsOrganization, value: odsCode }],
  };
}

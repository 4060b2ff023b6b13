import type { Organization } from '../fhir-stu3';
import { PROFILE, SYSTEM } from '../profiles';
import type { BuildContext } from './context';
import { meta } from './datatypes';

/** The pharmacy as the document's service provider (name is 1..1 in the GPC profile). */
export function buildPharmacyOrganization(context: BuildContext): Organization {
  const { pharmacy } = context.consultation;
  return {
    resourceType: 'Organization',
    id: context.ids.pharmacy,
    meta: meta(PROFILE.organization),
    identifier: [{ system: SYSTEM.odsOrganization, value: pharmacy.odsCode }],
    name: pharmacy.name,
  };
}

import { JOB_ROLES } from '../codes';
import type { PractitionerRole } from '../fhir-stu3';
import { PROFILE } from '../profiles';
import type { BuildContext } from './context';
import { coding, meta } from './datatypes';

export function buildPractitionerRole(context: BuildContext): PractitionerRole {
  const role = JOB_ROLES[context.consultation.clinician.role];
  return {
    resourceType: 'PractitionerRole',
    id: context.ids.practitionerRole,
    meta: meta(PROFILE.practitionerRole),
    practitioner: context.refs.practitioner,
    organization: context.refs.pharmacy,
    code: [{ coding: [coding(role.system, role)], text: role.display }],
  };
}

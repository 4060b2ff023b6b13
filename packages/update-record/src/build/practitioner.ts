import type { HumanName, Practitioner } from '../fhir-stu3';
import { PROFILE, SYSTEM } from '../profiles';
import type { BuildContext } from './context';
import { meta } from './datatypes';

export function buildPractitioner(context: BuildContext): Practitioner {
  const { clinician } = context.consultation;
  const name: HumanName = { family: clinician.name.family };
  // An empty given list must be omitted: FHIR forbids empty arrays.
  if (clinician.name.given.length > 0) name.given = [...clinician.name.given];
  const resource: Practitioner = {
    resourceType: 'Practitioner',
    id: context.ids.practitioner,
    meta: meta(PROFILE.practitioner),
    name: [name],
  };
  // Technicians are not GPhC-registered pharmacists in every case; send the number only if known.
  if (clinician.gphcNumber !== undefined) {
    resource.identifier = [{ system: SYSTEM.gphcNumber, value: clinician.gphcNumber }];
  }
  return resource;
}

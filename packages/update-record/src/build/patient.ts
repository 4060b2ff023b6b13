import { NHS_NUMBER_NOT_TRACED, NHS_NUMBER_VERIFIED } from '../codes';
import type { Patient, Reference } from '../fhir-stu3';
import { EXTENSION, PROFILE, SYSTEM } from '../profiles';
import type { BuildContext } from './context';
import { coding, meta } from './datatypes';

/**
 * The registered practice as a logical reference (ODS identifier), not a bundled Organization:
 * the IG's single document Organization is the pharmacy, and MESH routes by PDS anyway.
 */
function registeredPractice(practice: { odsCode: string; name?: string | undefined }): Reference {
  const reference: Reference = { identifier: { system: SYSTEM.odsOrganization, value: practice.odsCode } };
  if (practice.name !== undefined) reference.display = practice.name;
  return reference;
}

export function buildPatient(context: BuildContext): Patient {
  const { patient } = context.consultation;
  const verification = patient.nhsNumberVerified ? NHS_NUMBER_VERIFIED : NHS_NUMBER_NOT_TRACED;
  const resource: Patient = {
    resourceType: 'Patient',
    id: context.ids.patient,
    meta: meta(PROFILE.patient),
    identifier: [
      {
        extension: [
          {
            url: EXTENSION.nhsNumberVerificationStatus,
            valueCodeableConcept: {
              coding: [coding(SYSTEM.nhsNumberVerificationStatus, verification)],
              text: verification.display,
            },
          },
        ],
        system: SYSTEM.nhsNumber,
        value: patient.nhsNumber,
      },
    ],
    // Exactly as sent: NHS number + DOB + surname must match PDS for MESH routing.
    name: [{ use: 'official', family: patient.name.family, given: [...patient.name.given] }],
    gender: patient.gender,
    birthDate: patient.birthDate,
  };
  if (patient.postcode !== undefined) resource.address = [{ postalCode: patient.postcode }];
  resource.generalPractitioner = [registeredPractice(patient.registeredPractice)];
  return resource;
}

/**
 * Profile canonical URLs (docs/update-record-itk3.md#profiles-and-the-allow-list) and the allow-list a GP receiver enforces: any other
 * profile in a message makes the GP system reject the whole message with ITK 20009, so nothing
 * outside this list may ever be emitted (docs/known-spec-pitfalls.md#one-unsupported-resource-rejects-the-whole-message).
 */

export const PROFILE = {
  messageBundle: 'https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Message-Bundle-1',
  messageHeader: 'https://fhir.nhs.uk/STU3/StructureDefinition/ITK-MessageHeader-2',
  headerOrganization: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-ITK-Header-Organization-1',
  responseOperationOutcome: 'https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Response-OperationOutcome-1',
  documentBundle: 'https://fhir.nhs.uk/STU3/StructureDefinition/ITK-Document-Bundle-1',
  // The HL7 UK profile, not "CareConnect-GPC-Composition-1": the GPC one forbids relatesTo,
  // which replacements need (docs/known-spec-pitfalls.md#two-composition-profiles).
  composition: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Composition-1',
  patient: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Patient-1',
  organization: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Organization-1',
  practitioner: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Practitioner-1',
  practitionerRole: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-PractitionerRole-1',
  encounter: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Encounter-1',
  medicationDispense: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-MedicationDispense-1',
  observation: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Observation-1',
  clinicalImpression: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-ClinicalImpression-1',
  condition: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Condition-1',
} as const;

export type ProfileUrl = (typeof PROFILE)[keyof typeof PROFILE];

/**
 * Which resource type may claim which profile, for the Update Record message (ITK014M).
 * AllergyIntolerance ("iteration 2") is deliberately absent until receivers support it.
 */
export const UPDATE_RECORD_PROFILES: ReadonlyMap<string, string> = new Map<string, string>([
  [PROFILE.messageBundle, 'Bundle'],
  [PROFILE.messageHeader, 'MessageHeader'],
  [PROFILE.headerOrganization, 'Organization'],
  [PROFILE.documentBundle, 'Bundle'],
  [PROFILE.composition, 'Composition'],
  [PROFILE.patient, 'Patient'],
  [PROFILE.organization, 'Organization'],
  [PROFILE.practitioner, 'Practitioner'],
  [PROFILE.practitionerRole, 'PractitionerRole'],
  [PROFILE.encounter, 'Encounter'],
  [PROFILE.medicationDispense, 'MedicationDispense'],
  [PROFILE.observation, 'Observation'],
  [PROFILE.clinicalImpression, 'ClinicalImpression'],
  [PROFILE.condition, 'Condition'],
]);

/** Identifier and code-system URLs used across the message. */
export const SYSTEM = {
  snomed: 'http://snomed.info/sct',
  dmd: 'https://dmd.nhs.uk',
  ucum: 'http://unitsofmeasure.org',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganization: 'https://fhir.nhs.uk/Id/ods-organization-code',
  odsSite: 'https://fhir.nhs.uk/Id/ods-site-code',
  gphcNumber: 'https://fhir.hl7.org.uk/Id/gphc-number',
  // Identifiers we mint are RFC 4122 UUIDs; the IG's own identifier guidance uses this system.
  uuidIdentifier: 'https://tools.ietf.org/html/rfc4122',
  itkMessageEvent: 'https://fhir.nhs.uk/STU3/CodeSystem/ITK-MessageEvent-2',
  itkRecipientType: 'https://fhir.nhs.uk/STU3/CodeSystem/ITK-RecipientType-1',
  itkResponseCodes: 'https://fhir.nhs.uk/STU3/CodeSystem/ITK-ResponseCodes-1',
  // fhir.nhs.uk, not the UKCore R4 system some PRSB snippets use (docs/known-spec-pitfalls.md#record-headings-code-system).
  recordStandardHeadings: 'https://fhir.nhs.uk/CodeSystem/RecordStandardHeadings',
  nhsNumberVerificationStatus: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1',
  participantType: 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-ParticipantType-1',
  // The profile fixes the HL7 UK system for its job-role slice; the fhir.nhs.uk one is the only
  // one that defines R5220 Pharmacy Technician (see codes/job-roles.ts).
  sdsJobRoleHl7Uk: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
  sdsJobRoleNhs: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
  medicationSupplyType: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-MedicationSupplyType-1',
  medicationDispenseCategory: 'http://hl7.org/fhir/medication-dispense-category',
  // STU3 core system. The IG examples use the R4 URL (docs/known-spec-pitfalls.md#observation-category-uses-an-r4-code-system), which an STU3
  // validator does not know; the IG's own category page links the STU3 code system.
  observationCategory: 'http://hl7.org/fhir/observation-category',
  observationCategoryR4: 'http://terminology.hl7.org/CodeSystem/observation-category',
} as const;

export const EXTENSION = {
  messageHandling: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-ITK-MessageHandling-2',
  nhsNumberVerificationStatus: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-NHSNumberVerificationStatus-1',
} as const;

/** The ITK3 placeholder: no real MessageDefinition resource exists for Update Record. */
export const MESSAGE_DEFINITION_PLACEHOLDER = 'https://fhir.nhs.uk/MessageDefinition';

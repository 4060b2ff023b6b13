/**
 * An ITK3 Update Record message in the IG's shape, written by hand so these tests do not depend
 * on the builder. NHS number 9000000009 is a valid Mod 11 test number (docs/known-spec-pitfalls.md#example-nhs-numbers-fail-mod-11).
 */
export interface FixtureOptions {
  readonly version?: number;
  readonly family?: string;
  readonly note?: string;
  readonly medicineName?: string;
}

const urn = (id: string) => `urn:uuid:${id}`;
const entry = (resource: { resourceType: string; id: string }) => ({ fullUrl: urn(resource.id), resource });

export function messageBundle(options: FixtureOptions = {}): Record<string, unknown> {
  const version = options.version ?? 1;
  const patient = {
    resourceType: 'Patient',
    id: '5a1f2c3d-0000-4000-8000-000000000001',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }],
    name: [{ use: 'official', family: options.family ?? 'Smith', given: ['Jane', 'Ann'] }],
    gender: 'female',
    birthDate: '1980-02-14',
    generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001' }, display: 'Riverside Surgery' }],
  };
  const pharmacy = {
    resourceType: 'Organization',
    id: '5a1f2c3d-0000-4000-8000-000000000002',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'FVR79' }],
    name: 'High Street Pharmacy',
  };
  const practitioner = {
    resourceType: 'Practitioner',
    id: '5a1f2c3d-0000-4000-8000-000000000003',
    identifier: [{ system: 'https://fhir.hl7.org.uk/Id/gphc-number', value: '2012345' }],
    name: [{ family: 'Patel', given: ['Ravi'] }],
  };
  const role = {
    resourceType: 'PractitionerRole',
    id: '5a1f2c3d-0000-4000-8000-000000000004',
    practitioner: { reference: urn(practitioner.id) },
    organization: { reference: urn(pharmacy.id) },
    code: [
      {
        coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R8003', display: 'Health Professional Access Role' }],
        text: 'Pharmacist',
      },
    ],
  };
  const encounter = {
    resourceType: 'Encounter',
    id: '5a1f2c3d-0000-4000-8000-000000000005',
    period: { start: '2026-11-23T10:15:00+00:00', end: '2026-11-23T10:30:00+00:00' },
    reason: [{ coding: [{ system: 'http://snomed.info/sct', code: '1577041000000109', display: 'Pharmacy First service' }], text: 'Pharmacy First service' }],
  };
  const observation = {
    resourceType: 'Observation',
    id: '5a1f2c3d-0000-4000-8000-000000000006',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '75367002', display: 'Blood pressure' }], text: 'Blood pressure' },
    component: [
      { code: { text: 'Systolic blood pressure' }, valueQuantity: { value: 128, unit: 'mm[Hg]' } },
      { code: { text: 'Diastolic blood pressure' }, valueQuantity: { value: 82, unit: 'mm[Hg]' } },
    ],
  };
  const dispense = {
    resourceType: 'MedicationDispense',
    id: '5a1f2c3d-0000-4000-8000-000000000007',
    status: 'completed',
    medicationCodeableConcept: { text: options.medicineName ?? 'Nitrofurantoin 100mg modified-release capsules' },
    type: { text: 'Patient group direction' },
    quantity: { value: 6, unit: 'capsule' },
    dosageInstruction: [{ text: 'One capsule twice a day for 3 days', patientInstruction: 'Take with food' }],
  };
  const condition = {
    resourceType: 'Condition',
    id: '5a1f2c3d-0000-4000-8000-000000000008',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '68566005', display: 'Urinary tract infection' }] },
  };
  const note = {
    resourceType: 'ClinicalImpression',
    id: '5a1f2c3d-0000-4000-8000-000000000009',
    meta: { tag: [{ system: 'https://fhir.nhs.uk/CodeSystem/RecordStandardHeadings', code: '1', display: 'Clinical summary' }] },
    summary: options.note ?? 'Uncomplicated lower UTI. Safety-netting advice given.',
  };
  const composition = {
    resourceType: 'Composition',
    id: '5a1f2c3d-0000-4000-8000-00000000000a',
    meta: { versionId: String(version) },
    identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: '0d9c1a52-1111-4111-8111-000000000001' },
    title: 'High Street Pharmacy - Pharmacy First service',
    date: '2026-11-23T10:31:00+00:00',
    ...(version > 1
      ? {
          relatesTo: [{ code: 'replaces', targetIdentifier: { system: 'https://tools.ietf.org/html/rfc4122', value: '0d9c1a52-1111-4111-8111-000000000000' } }],
        }
      : {}),
    section: [{ entry: [] }],
  };
  const document = {
    resourceType: 'Bundle',
    id: '0d9c1a52-1111-4111-8111-000000000001',
    type: 'document',
    entry: [composition, encounter, pharmacy, practitioner, role, patient, observation, dispense, condition, note].map(entry),
  };
  return {
    resourceType: 'Bundle',
    id: '7e3b0000-2222-4222-8222-000000000001',
    type: 'message',
    entry: [entry({ resourceType: 'MessageHeader', id: '7e3b0000-2222-4222-8222-000000000002' }), entry(document)],
  };
}

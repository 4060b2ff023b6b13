import { describe, it } from 'vitest';
import { checkCase, type RuleCase } from './support/consultation-cases';
import { REMOVE, text } from './support/edit';

// Contract "Top level" table, one block per field: at least one valid and one invalid variant
// for every rule, each asserting exactly which path fails.

const cases: Record<string, RuleCase[]> = {
  consultationId: [
    { rule: 'v4 UUID is accepted', edits: { consultationId: '9b2d6a1e-3c4f-4e5a-8b6c-7d8e9f0a1b2c' } },
    { rule: 'upper-case UUID is accepted', edits: { consultationId: '9B2D6A1E-3C4F-4E5A-8B6C-7D8E9F0A1B2C' } },
    { rule: 'v7 UUID is accepted', edits: { consultationId: '019585d2-7a3b-7c4d-9e5f-0a1b2c3d4e5f' } },
    { rule: 'non-UUID is rejected', edits: { consultationId: 'consultation-0001' }, fails: 'consultationId' },
    { rule: 'nil UUID is rejected', edits: { consultationId: '00000000-0000-0000-0000-000000000000' }, fails: 'consultationId' },
    { rule: 'is required', edits: { consultationId: REMOVE }, fails: 'consultationId' },
  ],
  version: [
    { rule: 'may be omitted (default 1)', edits: { version: REMOVE } },
    { rule: 'higher integer accepted', edits: { version: 3 } },
    { rule: '0 is rejected', edits: { version: 0 }, fails: 'version' },
    { rule: 'fraction is rejected', edits: { version: 1.5 }, fails: 'version' },
    { rule: 'string is rejected', edits: { version: '2' }, fails: 'version' },
  ],
  service: [
    { rule: 'each service is accepted', fixture: 'bpCheckNormal', edits: { service: 'contraception' } },
    { rule: 'unknown service is rejected', edits: { service: 'flu-vaccination' }, fails: 'service' },
    { rule: 'is required', edits: { service: REMOVE }, fails: 'service' },
  ],
  pharmacyFirst: [
    { rule: 'required for pharmacy-first', edits: { pharmacyFirst: REMOVE }, fails: 'pharmacyFirst' },
    {
      rule: 'forbidden for other services',
      fixture: 'bpCheckNormal',
      edits: { pharmacyFirst: { element: 'minor-illness' } },
      fails: 'pharmacyFirst',
    },
    { rule: 'unknown element is rejected', edits: { 'pharmacyFirst.element': 'urgent-supply' }, fails: 'pharmacyFirst.element' },
    { rule: 'pathway required for clinical-pathway', edits: { 'pharmacyFirst.pathway': REMOVE }, fails: 'pharmacyFirst.pathway' },
    {
      rule: 'pathway forbidden for minor-illness',
      fixture: 'minorIllness',
      edits: { 'pharmacyFirst.pathway': 'sore-throat' },
      fails: 'pharmacyFirst.pathway',
    },
    { rule: 'unknown pathway is rejected', edits: { 'pharmacyFirst.pathway': 'acne' }, fails: 'pharmacyFirst.pathway' },
    { rule: 'unknown field is rejected', edits: { 'pharmacyFirst.service': 'x' }, fails: 'pharmacyFirst.service' },
  ],
  referral: [
    { rule: 'is optional', edits: { referral: REMOVE } },
    { rule: 'reference of 64 characters accepted', edits: { 'referral.reference': text(64, 'R') } },
    { rule: 'reference over 64 rejected', edits: { 'referral.reference': text(65, 'R') }, fails: 'referral.reference' },
    { rule: 'unknown source rejected', edits: { 'referral.source': 'pharmacy' }, fails: 'referral.source' },
    { rule: 'source is required', edits: { 'referral.source': REMOVE }, fails: 'referral.source' },
    { rule: 'unknown field rejected', edits: { 'referral.urgency': 'high' }, fails: 'referral.urgency' },
  ],
  startedAt: [
    { rule: 'offset zone accepted', edits: { startedAt: '2026-03-10T10:05:00+01:00' } },
    { rule: 'fractional seconds accepted', edits: { startedAt: '2026-03-10T09:05:00.250Z' } },
    { rule: 'without a zone rejected', edits: { startedAt: '2026-03-10T09:05:00' }, fails: 'startedAt' },
    { rule: 'widest real zone (+14:00) accepted', edits: { startedAt: '2026-03-10T23:05:00+14:00' } },
    { rule: 'zone beyond +14:00 rejected', edits: { startedAt: '2026-03-10T23:05:00+14:30' }, fails: 'startedAt' },
    { rule: 'zone beyond -14:00 rejected', edits: { startedAt: '2026-03-09T19:05:00-14:01' }, fails: 'startedAt' },
    { rule: 'date only rejected', edits: { startedAt: '2026-03-10' }, fails: 'startedAt' },
    { rule: 'impossible date rejected', edits: { startedAt: '2026-02-30T09:05:00Z' }, fails: 'startedAt' },
    { rule: 'exactly 5 minutes ahead accepted', edits: { startedAt: '2026-03-10T18:05:00Z', endedAt: REMOVE } },
    { rule: 'over 5 minutes ahead rejected', edits: { startedAt: '2026-03-10T18:05:01Z', endedAt: REMOVE }, fails: 'startedAt' },
    {
      rule: 'before the birth date rejected',
      edits: { startedAt: '1980-11-01T23:00:00Z', endedAt: REMOVE },
      fails: 'startedAt',
    },
    {
      rule: 'on the birth date (wall-clock date) accepted',
      edits: { startedAt: '1980-11-02T00:30:00+01:00', endedAt: REMOVE },
    },
    { rule: 'is required', edits: { startedAt: REMOVE }, fails: 'startedAt' },
  ],
  endedAt: [
    { rule: 'is optional', edits: { endedAt: REMOVE } },
    { rule: 'equal to startedAt accepted', edits: { endedAt: '2026-03-10T09:05:00Z' } },
    { rule: 'same instant in another zone accepted', edits: { endedAt: '2026-03-10T10:05:00+01:00' } },
    { rule: 'before startedAt rejected', edits: { endedAt: '2026-03-10T09:04:59Z' }, fails: 'endedAt' },
    { rule: 'without a zone rejected', edits: { endedAt: '2026-03-10T09:20:00' }, fails: 'endedAt' },
  ],
  pharmacy: [
    { rule: 'ODS with digits accepted', edits: { 'pharmacy.odsCode': 'FA123' } },
    { rule: 'GP practice code rejected', edits: { 'pharmacy.odsCode': 'A81001' }, fails: 'pharmacy.odsCode' },
    { rule: 'lower-case ODS rejected', edits: { 'pharmacy.odsCode': 'fvr79' }, fails: 'pharmacy.odsCode' },
    { rule: 'not starting with F rejected', edits: { 'pharmacy.odsCode': 'GVR79' }, fails: 'pharmacy.odsCode' },
    { rule: '4 characters rejected', edits: { 'pharmacy.odsCode': 'FVR7' }, fails: 'pharmacy.odsCode' },
    { rule: 'name of 200 accepted', edits: { 'pharmacy.name': text(200) } },
    { rule: 'name over 200 rejected', edits: { 'pharmacy.name': text(201) }, fails: 'pharmacy.name' },
    { rule: 'empty name rejected', edits: { 'pharmacy.name': '' }, fails: 'pharmacy.name' },
    { rule: 'blank name rejected', edits: { 'pharmacy.name': '    ' }, fails: 'pharmacy.name' },
    { rule: 'is required', edits: { pharmacy: REMOVE }, fails: 'pharmacy' },
  ],
  clinician: [
    { rule: 'no given names accepted', edits: { 'clinician.name.given': [] } },
    { rule: '5 given names accepted', edits: { 'clinician.name.given': ['A', 'B', 'C', 'D', 'E'] } },
    { rule: '6 given names rejected', edits: { 'clinician.name.given': ['A', 'B', 'C', 'D', 'E', 'F'] }, fails: 'clinician.name.given' },
    { rule: 'empty given name rejected', edits: { 'clinician.name.given': [''] }, fails: 'clinician.name.given.0' },
    { rule: 'family of 100 accepted', edits: { 'clinician.name.family': text(100) } },
    { rule: 'family over 100 rejected', edits: { 'clinician.name.family': text(101) }, fails: 'clinician.name.family' },
    { rule: 'empty family rejected', edits: { 'clinician.name.family': '' }, fails: 'clinician.name.family' },
    { rule: 'technician role accepted', edits: { 'clinician.role': 'pharmacy-technician' } },
    { rule: 'unknown role rejected', edits: { 'clinician.role': 'doctor' }, fails: 'clinician.role' },
    { rule: 'GPhC number optional', edits: { 'clinician.gphcNumber': REMOVE } },
    { rule: 'GPhC number with leading zero accepted', edits: { 'clinician.gphcNumber': '0123456' } },
    { rule: 'GPhC number of 6 digits rejected', edits: { 'clinician.gphcNumber': '208765' }, fails: 'clinician.gphcNumber' },
    { rule: 'GPhC number of 8 digits rejected', edits: { 'clinician.gphcNumber': '20876540' }, fails: 'clinician.gphcNumber' },
    { rule: 'GPhC number as a number rejected', edits: { 'clinician.gphcNumber': 2087654 }, fails: 'clinician.gphcNumber' },
    { rule: 'is required', edits: { clinician: REMOVE }, fails: 'clinician' },
  ],
  presentingComplaints: [
    { rule: 'may be omitted', edits: { presentingComplaints: REMOVE } },
    { rule: '6-digit SNOMED accepted', edits: { 'presentingComplaints.0.code': '123008' } },
    { rule: '18-digit SNOMED accepted', edits: { 'presentingComplaints.0.code': '123456781000001105' } },
    { rule: 'bad Verhoeff check digit rejected', edits: { 'presentingComplaints.0.code': '123009' }, fails: 'presentingComplaints.0.code' },
    { rule: 'description id (partition 01) rejected', edits: { 'presentingComplaints.0.code': '123012' }, fails: 'presentingComplaints.0.code' },
    { rule: 'leading zero rejected', edits: { 'presentingComplaints.0.code': '0123008' }, fails: 'presentingComplaints.0.code' },
    { rule: '5-digit SNOMED rejected', edits: { 'presentingComplaints.0.code': '12345' }, fails: 'presentingComplaints.0.code' },
    {
      rule: '19-digit SNOMED rejected',
      edits: { 'presentingComplaints.0.code': '1234567890123456789' },
      fails: 'presentingComplaints.0.code',
    },
    { rule: 'non-digit SNOMED rejected', edits: { 'presentingComplaints.0.code': 'J01.9X' }, fails: 'presentingComplaints.0.code' },
    { rule: 'empty display rejected', edits: { 'presentingComplaints.0.display': '' }, fails: 'presentingComplaints.0.display' },
    { rule: 'display over 200 rejected', edits: { 'presentingComplaints.0.display': text(201) }, fails: 'presentingComplaints.0.display' },
    {
      rule: '10 items accepted',
      edits: { presentingComplaints: Array.from({ length: 10 }, () => ({ code: '15805002', display: 'Acute sinusitis' })) },
    },
    {
      rule: '11 items rejected',
      edits: { presentingComplaints: Array.from({ length: 11 }, () => ({ code: '15805002', display: 'Acute sinusitis' })) },
      fails: 'presentingComplaints',
    },
  ],
  outcome: [
    { rule: 'every outcome without medicines accepted', edits: { outcome: 'signposted' } },
    { rule: 'unknown outcome rejected', edits: { outcome: 'discharged' }, fails: 'outcome' },
    { rule: 'is required', edits: { outcome: REMOVE }, fails: 'outcome' },
  ],
  consentToShareWithGp: [
    { rule: 'false accepted', edits: { consentToShareWithGp: false } },
    { rule: 'string rejected', edits: { consentToShareWithGp: 'no' }, fails: 'consentToShareWithGp' },
    { rule: 'is required', edits: { consentToShareWithGp: REMOVE }, fails: 'consentToShareWithGp' },
  ],
  'strict objects': [
    { rule: 'unknown top-level field rejected at its own path', edits: { nhsNumber: '9000000009' }, fails: 'nhsNumber' },
    { rule: 'misspelt field rejected', edits: { consentToShareWithGP: true }, fails: 'consentToShareWithGP' },
    { rule: 'unknown pharmacy field rejected', edits: { 'pharmacy.address': 'High St' }, fails: 'pharmacy.address' },
  ],
};

for (const [field, rows] of Object.entries(cases)) {
  describe(field, () => {
    it.each(rows)('$rule', (row) => checkCase(row));
  });
}

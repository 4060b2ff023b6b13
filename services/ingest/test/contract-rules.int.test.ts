import { randomUUID } from 'node:crypto';
import { problemSchema } from '@firstsync/contracts';
import { type FixtureName, fixtures } from '@firstsync/contracts/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits, type Edit, toDraft } from './support/draft';
import { consultationOf, json, PHARMACY_A, postConsultation, type RunningIngest, startIngest } from './support/ingest-harness';

/**
 * Every rule of docs/consultation-contract.md, each with an input that meets it (202) and one that
 * breaks it (400 naming the field). Both are edits of a realistic fixture, so each case differs from
 * a valid consultation only in what the rule is about. The clock is fixed at 2026-03-11T12:00:00Z.
 */
interface Rule {
  readonly rule: string;
  readonly fixture?: FixtureName;
  readonly valid: readonly Edit[];
  readonly invalid: readonly Edit[];
  /** The error path the 400 must name. */
  readonly path: string;
}

const text = (length: number) => 'a'.repeat(length);
const medicine = (status: 'completed' | 'declined') => ({
  dmdCode: '289411000001107',
  name: 'Flucloxacillin 500mg capsules',
  quantity: { value: 28, unitCode: '428641000', unit: 'capsule' },
  supplyType: 'patient-group-direction',
  dosageText: 'One capsule four times a day',
  patientInstruction: 'Take on an empty stomach.',
  status,
});
const obs = (observation: Record<string, unknown>): Edit => ['observations', [observation]];

const RULES: readonly Rule[] = [
  { rule: 'consultationId is a UUID', valid: [], invalid: [['consultationId', 'consultation-42']], path: 'consultationId' },
  { rule: 'consultationId is not the nil UUID', valid: [], invalid: [['consultationId', '00000000-0000-0000-0000-000000000000']], path: 'consultationId' },
  { rule: 'version is an integer >= 1', valid: [['version', 3]], invalid: [['version', 0]], path: 'version' },
  { rule: 'version is whole', valid: [['version', 1]], invalid: [['version', 1.5]], path: 'version' },
  { rule: 'service is one of the four services', valid: [], invalid: [['service', 'dentistry']], path: 'service' },
  { rule: 'pharmacyFirst is required for pharmacy-first', valid: [], invalid: [['pharmacyFirst', undefined]], path: 'pharmacyFirst' },
  {
    rule: 'pharmacyFirst is forbidden for other services',
    fixture: 'bpCheckNormal',
    valid: [],
    invalid: [['pharmacyFirst', { element: 'minor-illness' }]],
    path: 'pharmacyFirst',
  },
  {
    rule: 'pathway is required for a clinical pathway',
    valid: [['pharmacyFirst', { element: 'minor-illness' }]],
    invalid: [['pharmacyFirst', { element: 'clinical-pathway' }]],
    path: 'pharmacyFirst.pathway',
  },
  {
    rule: 'pathway is one of the seven',
    valid: [['pharmacyFirst.pathway', 'impetigo']],
    invalid: [['pharmacyFirst.pathway', 'earache']],
    path: 'pharmacyFirst.pathway',
  },
  { rule: 'referral.source is an enum', valid: [['referral.source', 'urgent-care']], invalid: [['referral.source', 'friend']], path: 'referral.source' },
  {
    rule: 'referral.reference is at most 64',
    valid: [['referral.reference', text(64)]],
    invalid: [['referral.reference', text(65)]],
    path: 'referral.reference',
  },
  {
    rule: 'startedAt is an instant with a zone',
    valid: [['startedAt', '2026-03-10T10:30:00+01:00']],
    invalid: [['startedAt', '2026-03-10T10:30:00']],
    path: 'startedAt',
  },
  {
    rule: 'startedAt is at most 5 minutes in the future',
    valid: [
      ['startedAt', '2026-03-11T12:04:00Z'],
      ['endedAt', undefined],
    ],
    invalid: [
      ['startedAt', '2026-03-11T12:06:00Z'],
      ['endedAt', undefined],
    ],
    path: 'startedAt',
  },
  {
    rule: "startedAt is not before the patient's birth date",
    valid: [
      ['startedAt', '2017-06-21T09:00:00Z'],
      ['endedAt', undefined],
    ],
    invalid: [
      ['startedAt', '2017-06-20T09:00:00Z'],
      ['endedAt', undefined],
    ],
    path: 'startedAt',
  },
  { rule: 'endedAt is not before startedAt', valid: [['endedAt', '2026-03-10T10:30:00Z']], invalid: [['endedAt', '2026-03-10T10:29:59Z']], path: 'endedAt' },
  { rule: 'pharmacy.odsCode is 5 characters starting with F', valid: [], invalid: [['pharmacy.odsCode', 'A81001']], path: 'pharmacy.odsCode' },
  { rule: 'pharmacy.odsCode is upper case', valid: [], invalid: [['pharmacy.odsCode', 'fta01']], path: 'pharmacy.odsCode' },
  { rule: 'pharmacy.name is 1-200', valid: [['pharmacy.name', text(200)]], invalid: [['pharmacy.name', '']], path: 'pharmacy.name' },
  {
    rule: 'clinician given names 0-5',
    valid: [['clinician.name.given', []]],
    invalid: [['clinician.name.given', ['a', 'b', 'c', 'd', 'e', 'f']]],
    path: 'clinician.name.given',
  },
  {
    rule: 'clinician family 1-100',
    valid: [['clinician.name.family', text(100)]],
    invalid: [['clinician.name.family', text(101)]],
    path: 'clinician.name.family',
  },
  { rule: 'clinician role is an enum', valid: [['clinician.role', 'pharmacy-technician']], invalid: [['clinician.role', 'doctor']], path: 'clinician.role' },
  { rule: 'gphcNumber is 7 digits', valid: [['clinician.gphcNumber', '2087654']], invalid: [['clinician.gphcNumber', '208765']], path: 'clinician.gphcNumber' },
  {
    rule: 'NHS number has a valid Mod 11 check digit',
    valid: [['patient.nhsNumber', '9434765919']],
    invalid: [['patient.nhsNumber', '9434765918']],
    path: 'patient.nhsNumber',
  },
  // 943476503x: the weighted sum leaves a check digit of 10, which no valid number has.
  {
    rule: 'NHS number whose check digit would be 10 is invalid',
    valid: [['patient.nhsNumber', '943 476 5919']],
    invalid: [['patient.nhsNumber', '9434765030']],
    path: 'patient.nhsNumber',
  },
  { rule: 'NHS number is 10 digits', valid: [['patient.nhsNumber', '9000000009']], invalid: [['patient.nhsNumber', '900000000']], path: 'patient.nhsNumber' },
  { rule: 'patient given names 1-5', valid: [['patient.name.given', ['Ann', 'Marie']]], invalid: [['patient.name.given', []]], path: 'patient.name.given' },
  {
    rule: 'patient names are letters, apostrophes, hyphens, spaces',
    valid: [['patient.name.family', "Ní Bhriain-O'Dowd"]],
    invalid: [['patient.name.family', 'R2D2']],
    path: 'patient.name.family',
  },
  { rule: 'birthDate is YYYY-MM-DD', valid: [['patient.birthDate', '2017-06-21']], invalid: [['patient.birthDate', '21/06/2017']], path: 'patient.birthDate' },
  { rule: 'birthDate is a real date', valid: [['patient.birthDate', '2016-02-29']], invalid: [['patient.birthDate', '2017-02-29']], path: 'patient.birthDate' },
  {
    rule: 'birthDate is not in the future',
    valid: [
      ['patient.birthDate', '2026-03-10'],
      ['startedAt', '2026-03-11T09:00:00Z'],
      ['endedAt', undefined],
    ],
    invalid: [
      ['patient.birthDate', '2026-03-12'],
      ['startedAt', '2026-03-11T09:00:00Z'],
      ['endedAt', undefined],
    ],
    path: 'patient.birthDate',
  },
  {
    rule: 'birthDate is not before 1900-01-01',
    valid: [['patient.birthDate', '1900-01-01']],
    invalid: [['patient.birthDate', '1899-12-31']],
    path: 'patient.birthDate',
  },
  { rule: 'gender is an enum', valid: [['patient.gender', 'unknown']], invalid: [['patient.gender', 'm']], path: 'patient.gender' },
  { rule: 'postcode is a UK postcode', valid: [['patient.postcode', 'SW1A 1AA']], invalid: [['patient.postcode', '12345']], path: 'patient.postcode' },
  {
    rule: 'registered practice ODS is a letter and 5 digits',
    valid: [['patient.registeredPractice.odsCode', 'Y02345']],
    invalid: [['patient.registeredPractice.odsCode', 'FVR79']],
    path: 'patient.registeredPractice.odsCode',
  },
  {
    rule: 'presentingComplaints has at most 10 items',
    valid: [['presentingComplaints', Array.from({ length: 10 }, () => ({ code: '363746003', display: 'Acute pharyngitis' }))]],
    invalid: [['presentingComplaints', Array.from({ length: 11 }, () => ({ code: '363746003', display: 'Acute pharyngitis' }))]],
    path: 'presentingComplaints',
  },
  {
    rule: 'presentingComplaints code is a SNOMED id',
    valid: [['presentingComplaints.0.code', '123008']],
    invalid: [['presentingComplaints.0.code', '12345']],
    path: 'presentingComplaints.0.code',
  },
  {
    rule: 'presentingComplaints code has a valid Verhoeff check digit',
    valid: [['presentingComplaints.0.code', '363746003']],
    invalid: [['presentingComplaints.0.code', '363746004']],
    path: 'presentingComplaints.0.code',
  },
  {
    rule: 'a male patient is never recorded as pregnant',
    fixture: 'infectedInsectBite',
    valid: [obs({ kind: 'pregnancy-status', value: 'not-pregnant' })],
    invalid: [obs({ kind: 'pregnancy-status', value: 'pregnant' })],
    path: 'observations.0.value',
  },
  {
    rule: 'a 70-year-old is never recorded as pregnant',
    fixture: 'sinusitis',
    valid: [obs({ kind: 'pregnancy-status', value: 'pregnant' })],
    invalid: [obs({ kind: 'pregnancy-status', value: 'pregnant' }), ['patient.birthDate', '1956-01-01']],
    path: 'observations.0.value',
  },
  {
    rule: 'a male patient is never recorded as breastfeeding',
    fixture: 'infectedInsectBite',
    valid: [obs({ kind: 'coded-finding', code: '167321001', display: 'Urine nitrite positive' })],
    invalid: [obs({ kind: 'coded-finding', code: '413712001', display: 'Breastfeeding (mother)' })],
    path: 'observations.0.code',
  },
  {
    rule: 'blood pressure: systolic above diastolic',
    valid: [obs({ kind: 'blood-pressure', systolic: 121, diastolic: 120 })],
    invalid: [obs({ kind: 'blood-pressure', systolic: 120, diastolic: 120 })],
    path: 'observations.0.systolic',
  },
  {
    rule: 'blood pressure within 20-300',
    valid: [obs({ kind: 'blood-pressure', systolic: 300, diastolic: 20 })],
    invalid: [obs({ kind: 'blood-pressure', systolic: 301, diastolic: 80 })],
    path: 'observations.0.systolic',
  },
  {
    rule: 'blood pressure method is an enum',
    valid: [obs({ kind: 'blood-pressure', systolic: 130, diastolic: 80, method: 'home-average' })],
    invalid: [obs({ kind: 'blood-pressure', systolic: 130, diastolic: 80, method: 'wrist' })],
    path: 'observations.0.method',
  },
  {
    rule: 'heart rate 20-300',
    valid: [obs({ kind: 'heart-rate', value: 20, irregular: true })],
    invalid: [obs({ kind: 'heart-rate', value: 19 })],
    path: 'observations.0.value',
  },
  {
    rule: 'temperature 30-45',
    valid: [obs({ kind: 'temperature', value: 45 })],
    invalid: [obs({ kind: 'temperature', value: 45.1 })],
    path: 'observations.0.value',
  },
  {
    rule: 'height 30-250',
    valid: [obs({ kind: 'height', value: 250, selfReported: true })],
    invalid: [obs({ kind: 'height', value: 251 })],
    path: 'observations.0.value',
  },
  { rule: 'weight 1-400', valid: [obs({ kind: 'weight', value: 1 })], invalid: [obs({ kind: 'weight', value: 0.5 })], path: 'observations.0.value' },
  { rule: 'bmi 8-100', valid: [obs({ kind: 'bmi', value: 8 })], invalid: [obs({ kind: 'bmi', value: 101 })], path: 'observations.0.value' },
  {
    rule: 'pregnancy status is an enum',
    valid: [obs({ kind: 'pregnancy-status', value: 'not-pregnant' })],
    invalid: [obs({ kind: 'pregnancy-status', value: 'maybe' })],
    path: 'observations.0.value',
  },
  {
    rule: 'coded finding code is a SNOMED id',
    valid: [obs({ kind: 'coded-finding', code: '167321001', display: 'Urine nitrite positive' })],
    invalid: [obs({ kind: 'coded-finding', code: 'nitrite', display: 'Urine nitrite positive' })],
    path: 'observations.0.code',
  },
  {
    rule: 'observation kind is known',
    valid: [obs({ kind: 'temperature', value: 37 })],
    invalid: [obs({ kind: 'mood', value: 3 })],
    path: 'observations.0.kind',
  },
  {
    rule: 'observation effectiveAt is an instant',
    valid: [obs({ kind: 'temperature', value: 37, effectiveAt: '2026-03-10T10:35:00Z' })],
    invalid: [obs({ kind: 'temperature', value: 37, effectiveAt: '2026-03-10' })],
    path: 'observations.0.effectiveAt',
  },
  {
    rule: 'observations has at most 30 items',
    valid: [['observations', Array.from({ length: 30 }, () => ({ kind: 'temperature', value: 37 }))]],
    invalid: [['observations', Array.from({ length: 31 }, () => ({ kind: 'temperature', value: 37 }))]],
    path: 'observations',
  },
  {
    rule: 'notes.clinicalSummary is required',
    valid: [['notes.history', undefined]],
    invalid: [['notes.clinicalSummary', undefined]],
    path: 'notes.clinicalSummary',
  },
  { rule: 'notes are at most 4000 characters', valid: [['notes.plan', text(4000)]], invalid: [['notes.plan', text(4001)]], path: 'notes.plan' },
  {
    rule: 'medicine dmdCode is a SNOMED id',
    valid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [medicine('completed')]],
    ],
    invalid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [{ ...medicine('completed'), dmdCode: 'FLUX500' }]],
    ],
    path: 'medicinesSupplied.0.dmdCode',
  },
  {
    rule: 'medicine quantity is greater than 0',
    valid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [{ ...medicine('completed'), quantity: { value: 0.5, unitCode: '258773002', unit: 'mL' } }]],
    ],
    invalid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [{ ...medicine('completed'), quantity: { value: 0, unitCode: '258773002', unit: 'mL' } }]],
    ],
    path: 'medicinesSupplied.0.quantity.value',
  },
  {
    rule: 'medicine supplyType is an enum',
    valid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [{ ...medicine('completed'), supplyType: 'emergency-supply' }]],
    ],
    invalid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [{ ...medicine('completed'), supplyType: 'gift' }]],
    ],
    path: 'medicinesSupplied.0.supplyType',
  },
  {
    rule: 'medicine daysSupply 1-366',
    valid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [{ ...medicine('completed'), daysSupply: 366 }]],
    ],
    invalid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [{ ...medicine('completed'), daysSupply: 367 }]],
    ],
    path: 'medicinesSupplied.0.daysSupply',
  },
  {
    rule: 'medicine dosageText is required',
    valid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [medicine('completed')]],
    ],
    invalid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [{ ...medicine('completed'), dosageText: undefined }]],
    ],
    path: 'medicinesSupplied.0.dosageText',
  },
  {
    rule: 'medicinesSupplied has at most 20 items',
    valid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', Array.from({ length: 20 }, () => medicine('completed'))],
    ],
    invalid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', Array.from({ length: 21 }, () => medicine('completed'))],
    ],
    path: 'medicinesSupplied',
  },
  {
    rule: 'medicine-supplied needs a completed medicine',
    valid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [medicine('declined'), medicine('completed')]],
    ],
    invalid: [
      ['outcome', 'medicine-supplied'],
      ['medicinesSupplied', [medicine('declined')]],
    ],
    path: 'medicinesSupplied',
  },
  {
    rule: 'advice-only forbids a completed medicine',
    valid: [
      ['outcome', 'advice-only'],
      ['medicinesSupplied', [medicine('declined')]],
    ],
    invalid: [
      ['outcome', 'advice-only'],
      ['medicinesSupplied', [medicine('completed')]],
    ],
    path: 'medicinesSupplied.0.status',
  },
  {
    rule: 'no-supply forbids a completed medicine',
    valid: [
      ['outcome', 'no-supply'],
      ['medicinesSupplied', []],
    ],
    invalid: [
      ['outcome', 'no-supply'],
      ['medicinesSupplied', [medicine('completed')]],
    ],
    path: 'medicinesSupplied.0.status',
  },
  { rule: 'outcome is required', valid: [['outcome', 'signposted']], invalid: [['outcome', undefined]], path: 'outcome' },
  {
    rule: 'consentToShareWithGp is a boolean',
    valid: [['consentToShareWithGp', false]],
    invalid: [['consentToShareWithGp', 'yes']],
    path: 'consentToShareWithGp',
  },
  {
    rule: 'consentToShareWithGp is required',
    valid: [['consentToShareWithGp', true]],
    invalid: [['consentToShareWithGp', undefined]],
    path: 'consentToShareWithGp',
  },
  { rule: 'unknown top-level fields are rejected', valid: [], invalid: [['nhsNumber', '9434765919']], path: 'nhsNumber' },
  { rule: 'unknown patient fields are rejected', valid: [], invalid: [['patient.dateOfBirth', '2017-06-21']], path: 'patient.dateOfBirth' },
  {
    rule: 'unknown observation fields are rejected',
    valid: [obs({ kind: 'temperature', value: 37 })],
    invalid: [obs({ kind: 'temperature', value: 37, unit: 'F' })],
    path: 'observations.0.unit',
  },
];

/** Eligibility never rejects: ineligible consultations are accepted with warnings (and eligible ones without). */
interface EligibilityRule {
  readonly rule: string;
  readonly fixture: FixtureName;
  readonly eligible: readonly Edit[];
  readonly ineligible: readonly Edit[];
  readonly code: string;
}

const ELIGIBILITY: readonly EligibilityRule[] = [
  {
    rule: 'sore throat is for ages 5+',
    fixture: 'soreThroat',
    eligible: [['patient.birthDate', '2021-03-10']],
    ineligible: [['patient.birthDate', '2021-03-11']],
    code: 'pathway-age-ineligible',
  },
  {
    rule: 'acute otitis media is for ages 1-17',
    fixture: 'acuteOtitisMedia',
    eligible: [['patient.birthDate', '2008-03-11']],
    ineligible: [['patient.birthDate', '2008-03-10']],
    code: 'pathway-age-ineligible',
  },
  {
    rule: 'UTI is for women',
    fixture: 'uncomplicatedUti',
    eligible: [['patient.gender', 'female']],
    ineligible: [['patient.gender', 'male']],
    code: 'pathway-sex-ineligible',
  },
  {
    rule: 'UTI with unknown gender is unconfirmed',
    fixture: 'uncomplicatedUti',
    eligible: [['patient.gender', 'female']],
    ineligible: [['patient.gender', 'unknown']],
    code: 'pathway-sex-unconfirmed',
  },
  {
    rule: 'UTI excludes pregnancy',
    fixture: 'uncomplicatedUti',
    eligible: [obs({ kind: 'pregnancy-status', value: 'not-pregnant' })],
    ineligible: [obs({ kind: 'pregnancy-status', value: 'pregnant' })],
    code: 'pathway-pregnancy-excluded',
  },
  {
    rule: 'adult blood pressure of 180/120 or more is flagged (NICE NG136)',
    fixture: 'infectedInsectBite',
    eligible: [['observations.1', { kind: 'blood-pressure', systolic: 179, diastolic: 110 }]],
    ineligible: [['observations.1', { kind: 'blood-pressure', systolic: 185, diastolic: 110 }]],
    code: 'blood-pressure-severe',
  },
  {
    rule: 'emergency supply over 30 days is flagged (HMR 2012 reg 225)',
    fixture: 'urgentMedicineSupply',
    eligible: [['medicinesSupplied.0.daysSupply', 28]],
    ineligible: [['medicinesSupplied.0.daysSupply', 84]],
    code: 'emergency-supply-over-30-days',
  },
  {
    rule: 'minor illness needs a referral',
    fixture: 'minorIllness',
    eligible: [['referral', { source: 'nhs-111' }]],
    ineligible: [['referral', { source: 'walk-in' }]],
    code: 'referral-required',
  },
  {
    rule: 'urgent medicine supply needs NHS 111 or urgent care',
    fixture: 'urgentMedicineSupply',
    eligible: [['referral', { source: 'urgent-care' }]],
    ineligible: [['referral', undefined]],
    code: 'referral-required',
  },
];

describe('consultation contract v1 over HTTP: each rule passes and fails', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ label: 'ingest-contract' });
  });
  afterAll(async () => {
    await ingest?.stop();
  });

  const draftOf = (fixture: FixtureName) => toDraft(consultationOf(PHARMACY_A.ods, fixtures[fixture]));

  describe.each(RULES)('$rule', ({ fixture = 'soreThroat', valid, invalid, path }) => {
    it('accepts the consultation that meets it', async () => {
      const response = await postConsultation(ingest.app, applyEdits(draftOf(fixture), valid));
      expect(response.statusCode, response.body).toBe(202);
    });

    it(`rejects the one that breaks it with 400 at ${path}`, async () => {
      const response = await postConsultation(ingest.app, applyEdits(draftOf(fixture), invalid));
      expect(response.statusCode, response.body).toBe(400);
      const problem = problemSchema.parse(json(response));
      expect(problem.errors?.map((e) => e.path)).toContain(path);
    });
  });

  describe.each(ELIGIBILITY)('$rule', ({ fixture, eligible, ineligible, code }) => {
    it('accepts an eligible patient without that warning', async () => {
      const response = await postConsultation(ingest.app, applyEdits(draftOf(fixture), eligible));
      expect(response.statusCode, response.body).toBe(202);
      expect(json<{ warnings: { code: string }[] }>(response).warnings.map((w) => w.code)).not.toContain(code);
    });

    it(`accepts an ineligible one with warning ${code}`, async () => {
      const response = await postConsultation(ingest.app, applyEdits(draftOf(fixture), ineligible));
      expect(response.statusCode, response.body).toBe(202);
      expect(json<{ warnings: { code: string }[] }>(response).warnings.map((w) => w.code)).toContain(code);
    });
  });

  it('defaults version to 1 and the lists to empty', async () => {
    const draft = applyEdits(draftOf('soreThroat'), [
      ['consultationId', randomUUID()],
      ['version', undefined],
      ['observations', undefined],
    ]);
    const response = await postConsultation(ingest.app, draft);
    expect(response.statusCode).toBe(202);
    expect(json(response)).toMatchObject({ version: 1 });
  });
});

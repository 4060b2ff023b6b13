import { describe, expect, it } from 'vitest';
import { type FixtureName, fixtures } from '../src/fixtures';
import { ageInYearsOn, eligibilityWarnings } from '../src/index';
import { schemaAtFixtureTime } from './support/consultation-cases';
import { type Edits, edit, REMOVE } from './support/edit';

// docs/pharmacy-first.md#clinical-pathways-and-eligibility. All fixtures start on 2026-03-10, so a birth date of 2014-03-10 is exactly 12.

interface EligibilityCase {
  rule: string;
  fixture: FixtureName;
  edits: Edits;
  warnings: [code: string, path: string][];
}

const cases: EligibilityCase[] = [
  { rule: 'sinusitis: 12th birthday is eligible', fixture: 'sinusitis', edits: { 'patient.birthDate': '2014-03-10' }, warnings: [] },
  {
    rule: 'sinusitis: 11 is not',
    fixture: 'sinusitis',
    edits: { 'patient.birthDate': '2014-03-11' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  {
    rule: 'sinusitis: pregnancy is not checked',
    fixture: 'sinusitis',
    edits: { 'observations.0': { kind: 'pregnancy-status', value: 'pregnant' } },
    warnings: [],
  },
  { rule: 'sore throat: 5 is eligible', fixture: 'soreThroat', edits: { 'patient.birthDate': '2021-03-10' }, warnings: [] },
  {
    rule: 'sore throat: 4 is not',
    fixture: 'soreThroat',
    edits: { 'patient.birthDate': '2021-03-11' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  { rule: 'otitis media: 1 is eligible', fixture: 'acuteOtitisMedia', edits: { 'patient.birthDate': '2025-03-10' }, warnings: [] },
  {
    rule: 'otitis media: under 1 is not',
    fixture: 'acuteOtitisMedia',
    edits: { 'patient.birthDate': '2025-06-01' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  { rule: 'otitis media: 17 is eligible', fixture: 'acuteOtitisMedia', edits: { 'patient.birthDate': '2008-03-11' }, warnings: [] },
  {
    rule: 'otitis media: 18 is not',
    fixture: 'acuteOtitisMedia',
    edits: { 'patient.birthDate': '2008-03-10' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  { rule: 'insect bite: 1 is eligible', fixture: 'infectedInsectBite', edits: { 'patient.birthDate': '2025-03-10' }, warnings: [] },
  {
    rule: 'insect bite: under 1 is not',
    fixture: 'infectedInsectBite',
    edits: { 'patient.birthDate': '2025-03-11' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  { rule: 'impetigo: 1 is eligible', fixture: 'impetigo', edits: { 'patient.birthDate': '2025-03-10' }, warnings: [] },
  {
    rule: 'impetigo: under 1 is not',
    fixture: 'impetigo',
    edits: { 'patient.birthDate': '2025-12-25' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  { rule: 'shingles: 18 is eligible', fixture: 'shingles', edits: { 'patient.birthDate': '2008-03-10' }, warnings: [] },
  {
    rule: 'shingles: 17 is not',
    fixture: 'shingles',
    edits: { 'patient.birthDate': '2008-03-11' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  { rule: 'UTI: 16 is eligible', fixture: 'uncomplicatedUti', edits: { 'patient.birthDate': '2010-03-10' }, warnings: [] },
  {
    rule: 'UTI: 15 is not',
    fixture: 'uncomplicatedUti',
    edits: { 'patient.birthDate': '2010-03-11' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  { rule: 'UTI: 64 is eligible', fixture: 'uncomplicatedUti', edits: { 'patient.birthDate': '1961-03-11' }, warnings: [] },
  {
    rule: 'UTI: 65 is not',
    fixture: 'uncomplicatedUti',
    edits: { 'patient.birthDate': '1961-03-10' },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  {
    rule: 'UTI: men are not eligible',
    fixture: 'uncomplicatedUti',
    edits: { 'patient.gender': 'male' },
    warnings: [['pathway-sex-ineligible', 'patient.gender']],
  },
  {
    rule: 'UTI: unknown gender is flagged as unconfirmed',
    fixture: 'uncomplicatedUti',
    edits: { 'patient.gender': 'unknown' },
    warnings: [['pathway-sex-unconfirmed', 'patient.gender']],
  },
  {
    rule: 'UTI: other gender is flagged as unconfirmed',
    fixture: 'uncomplicatedUti',
    edits: { 'patient.gender': 'other' },
    warnings: [['pathway-sex-unconfirmed', 'patient.gender']],
  },
  {
    rule: 'UTI: pregnancy excludes, pointing at the observation',
    fixture: 'uncomplicatedUti',
    edits: { 'observations.1.value': 'pregnant' },
    warnings: [['pathway-pregnancy-excluded', 'observations.1']],
  },
  {
    rule: 'UTI: several findings are all reported',
    fixture: 'uncomplicatedUti',
    edits: { 'patient.gender': 'male', 'patient.birthDate': '1950-01-01' },
    warnings: [
      ['pathway-age-ineligible', 'patient.birthDate'],
      ['pathway-sex-ineligible', 'patient.gender'],
    ],
  },
  {
    rule: 'age is taken at startedAt, not today',
    fixture: 'shingles',
    edits: { 'patient.birthDate': '2004-06-01', startedAt: '2022-05-31T10:00:00Z', endedAt: REMOVE },
    warnings: [['pathway-age-ineligible', 'patient.birthDate']],
  },
  { rule: 'minor illness: NHS 111 referral is fine', fixture: 'minorIllness', edits: {}, warnings: [] },
  { rule: 'minor illness: GP referral is fine', fixture: 'minorIllness', edits: { 'referral.source': 'gp-practice' }, warnings: [] },
  {
    rule: 'minor illness: walk-in is flagged',
    fixture: 'minorIllness',
    edits: { 'referral.source': 'walk-in' },
    warnings: [['referral-required', 'referral.source']],
  },
  { rule: 'minor illness: no referral is flagged', fixture: 'minorIllness', edits: { referral: REMOVE }, warnings: [['referral-required', 'referral']] },
  { rule: 'urgent supply: urgent care referral is fine', fixture: 'urgentMedicineSupply', edits: { 'referral.source': 'urgent-care' }, warnings: [] },
  {
    rule: 'urgent supply: GP referral is flagged',
    fixture: 'urgentMedicineSupply',
    edits: { 'referral.source': 'gp-practice' },
    warnings: [['referral-required', 'referral.source']],
  },
  {
    rule: 'urgent supply: no referral is flagged',
    fixture: 'urgentMedicineSupply',
    edits: { referral: REMOVE },
    warnings: [['referral-required', 'referral']],
  },
  { rule: 'BP check has no eligibility warnings', fixture: 'bpCheckNormal', edits: { 'patient.birthDate': '2020-01-01' }, warnings: [] },
  { rule: 'contraception has no eligibility warnings', fixture: 'contraceptionSupplied', edits: { 'patient.gender': 'male' }, warnings: [] },
];

describe('eligibilityWarnings', () => {
  it.each(cases)('$rule', ({ fixture, edits, warnings }) => {
    // Warnings never reject: every variant is a valid consultation.
    const consultation = schemaAtFixtureTime.parse(edit(fixtures[fixture], edits));
    const result = eligibilityWarnings(consultation);
    expect(result.map((w) => [w.code, w.path])).toEqual(warnings);
    for (const w of result) expect(w.message.length).toBeGreaterThan(0);
  });
});

describe('ageInYearsOn', () => {
  it.each([
    ['2000-03-10', '2026-03-10', 26],
    ['2000-03-11', '2026-03-10', 25],
    ['2000-12-31', '2026-01-01', 25],
    ['2008-02-29', '2026-02-28', 17], // leap-day birthday turns over on 1 March in common years
    ['2008-02-29', '2026-03-01', 18],
    ['2026-03-10', '2026-03-10', 0],
  ])('born %s, on %s: %i', (birth, on, age) => {
    expect(ageInYearsOn(birth, on)).toBe(age);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consultationArbitrary } from '../src/arbitraries';
import { type FixtureName, fixtures } from '../src/fixtures';
import { consultationWarningCodes, consultationWarnings, PREGNANCY_PLAUSIBLE_AGE, zodIssuesToProblemErrors } from '../src/index';
import { checkCase, type RuleCase, schemaAtFixtureTime } from './support/consultation-cases';
import { type Edits, edit } from './support/edit';

// docs/consultation-contract.md#plausibility-rules. Every fixture starts on 2026-03-10.
// sinusitis: woman born 1980-11-02 (45), one temperature. infectedInsectBite: man born 1979 (46),
// [temperature, lying BP, heart rate], 20 flucloxacillin capsules. urgentMedicineSupply: emergency supply.

const pregnant = { kind: 'pregnancy-status', value: 'pregnant' };
const breastfeeding = { kind: 'coded-finding', code: '413712001', display: 'Breastfeeding (mother)' };

const refusals: RuleCase[] = [
  { rule: 'pregnant man refused (pregnancy-status)', fixture: 'infectedInsectBite', edits: { 'observations.0': pregnant }, fails: 'observations.0.value' },
  {
    rule: 'pregnant man refused (coded finding 77386006)',
    fixture: 'infectedInsectBite',
    edits: { 'observations.0': { kind: 'coded-finding', code: '77386006', display: 'Pregnant' } },
    fails: 'observations.0.code',
  },
  { rule: 'breastfeeding man refused', fixture: 'infectedInsectBite', edits: { 'observations.0': breastfeeding }, fails: 'observations.0.code' },
  {
    rule: 'pregnant 70-year-old refused',
    fixture: 'sinusitis',
    edits: { 'observations.0': pregnant, 'patient.birthDate': '1956-01-01' },
    fails: 'observations.0.value',
  },
  {
    rule: 'pregnant on the 60th birthday refused',
    fixture: 'sinusitis',
    edits: { 'observations.0': pregnant, 'patient.birthDate': '1966-03-10' },
    fails: 'observations.0.value',
  },
  {
    rule: 'pregnant the day before the 60th birthday accepted',
    fixture: 'sinusitis',
    edits: { 'observations.0': pregnant, 'patient.birthDate': '1966-03-11' },
  },
  {
    rule: 'pregnant 9-year-old refused',
    fixture: 'sinusitis',
    edits: { 'observations.0': pregnant, 'patient.birthDate': '2016-03-11' },
    fails: 'observations.0.value',
  },
  { rule: 'pregnant 10-year-old accepted', fixture: 'sinusitis', edits: { 'observations.0': pregnant, 'patient.birthDate': '2016-03-10' } },
  { rule: 'pregnant woman of 45 accepted', fixture: 'sinusitis', edits: { 'observations.0': pregnant } },
  { rule: 'pregnant, gender unknown, accepted', fixture: 'infectedInsectBite', edits: { 'observations.0': pregnant, 'patient.gender': 'unknown' } },
  { rule: 'not pregnant man accepted', fixture: 'infectedInsectBite', edits: { 'observations.0': { kind: 'pregnancy-status', value: 'not-pregnant' } } },
  { rule: 'breastfeeding woman accepted', fixture: 'sinusitis', edits: { 'observations.0': breastfeeding } },
  {
    rule: 'dm+d code with a bad check digit refused',
    fixture: 'infectedInsectBite',
    edits: { 'medicinesSupplied.0.dmdCode': '39732311000001105' },
    fails: 'medicinesSupplied.0.dmdCode',
  },
  {
    rule: 'unit of measure with a bad check digit refused',
    fixture: 'infectedInsectBite',
    edits: { 'medicinesSupplied.0.quantity.unitCode': '428641001' },
    fails: 'medicinesSupplied.0.quantity.unitCode',
  },
];

describe('plausibility refusals', () => {
  it.each(refusals)('$rule', (c) => checkCase(c));

  it('names the rule as the problem code', () => {
    const result = schemaAtFixtureTime.safeParse(edit(fixtures.infectedInsectBite, { 'observations.0': pregnant }));
    const errors = result.success ? [] : zodIssuesToProblemErrors(result.error.issues);
    expect(errors.map((e) => e.code)).toEqual(['pregnancy-sex-implausible']);
  });

  it('never accepts a pregnancy for a man or outside the plausible ages (property)', () => {
    fc.assert(
      fc.property(consultationArbitrary, fc.constantFrom('male', 'female', 'other', 'unknown'), (input, gender) => {
        const candidate = { ...input, patient: { ...input.patient, gender }, observations: [pregnant] };
        const result = schemaAtFixtureTime.safeParse(candidate);
        const start = input.startedAt.slice(0, 10);
        const [by, bm, bd] = input.patient.birthDate.split('-').map(Number) as [number, number, number];
        const [sy, sm, sd] = start.split('-').map(Number) as [number, number, number];
        const age = sy - by - (sm > bm || (sm === bm && sd >= bd) ? 0 : 1);
        const plausible = gender !== 'male' && age >= PREGNANCY_PLAUSIBLE_AGE.min && age <= PREGNANCY_PLAUSIBLE_AGE.max;
        const refusedHere = !result.success && result.error.issues.some((i) => i.path.join('.') === 'observations.0.value');
        return plausible ? !refusedHere : refusedHere;
      }),
    );
  });
});

interface WarningCase {
  rule: string;
  fixture: FixtureName;
  edits: Edits;
  warnings: [code: string, path: string][];
}

const bp = (systolic: number, diastolic: number) => ({ 'observations.1': { kind: 'blood-pressure', systolic, diastolic } });

const warningCases: WarningCase[] = [
  {
    rule: 'pregnant at 52: unusual age',
    fixture: 'sinusitis',
    edits: { 'observations.0': pregnant, 'patient.birthDate': '1974-01-01' },
    warnings: [['pregnancy-age-unusual', 'observations.0.value']],
  },
  {
    rule: 'pregnant at 12: unusual age',
    fixture: 'sinusitis',
    edits: { 'observations.0': pregnant, 'patient.birthDate': '2013-06-01' },
    warnings: [['pregnancy-age-unusual', 'observations.0.value']],
  },
  { rule: 'pregnant at 13: usual', fixture: 'sinusitis', edits: { 'observations.0': pregnant, 'patient.birthDate': '2013-03-10' }, warnings: [] },
  {
    rule: 'breastfeeding at 65: unusual age',
    fixture: 'sinusitis',
    edits: { 'observations.0': breastfeeding, 'patient.birthDate': '1960-01-01' },
    warnings: [['breastfeeding-age-unusual', 'observations.0.code']],
  },
  {
    rule: 'not pregnant recorded for a man',
    fixture: 'infectedInsectBite',
    edits: { 'observations.0': { kind: 'pregnancy-status', value: 'not-pregnant' } },
    warnings: [['pregnancy-status-for-male', 'observations.0.value']],
  },
  { rule: 'BP 179/119: no warning', fixture: 'infectedInsectBite', edits: bp(179, 119), warnings: [] },
  { rule: 'BP 180/100: severe (NG136)', fixture: 'infectedInsectBite', edits: bp(180, 100), warnings: [['blood-pressure-severe', 'observations.1']] },
  { rule: 'BP 150/120: severe (NG136)', fixture: 'infectedInsectBite', edits: bp(150, 120), warnings: [['blood-pressure-severe', 'observations.1']] },
  { rule: 'BP 180/100 at 17: NG136 is for adults', fixture: 'infectedInsectBite', edits: { ...bp(180, 100), 'patient.birthDate': '2009-01-01' }, warnings: [] },
  { rule: 'BP 91/60: no warning', fixture: 'infectedInsectBite', edits: bp(91, 60), warnings: [] },
  { rule: 'BP 90/60: low (NEWS2 3)', fixture: 'infectedInsectBite', edits: bp(90, 60), warnings: [['blood-pressure-low', 'observations.1.systolic']] },
  {
    rule: 'pulse 41 and 130: no warning',
    fixture: 'infectedInsectBite',
    edits: { 'observations.2': { kind: 'heart-rate', value: 130 }, 'observations.0': { kind: 'heart-rate', value: 41 } },
    warnings: [],
  },
  {
    rule: 'pulse 40: extreme (NEWS2 3)',
    fixture: 'infectedInsectBite',
    edits: { 'observations.2': { kind: 'heart-rate', value: 40 } },
    warnings: [['heart-rate-extreme', 'observations.2.value']],
  },
  {
    rule: 'pulse 131: extreme (NEWS2 3)',
    fixture: 'infectedInsectBite',
    edits: { 'observations.2': { kind: 'heart-rate', value: 131 } },
    warnings: [['heart-rate-extreme', 'observations.2.value']],
  },
  { rule: 'pulse 150 at 2: NEWS2 is for adults', fixture: 'acuteOtitisMedia', edits: { observations: [{ kind: 'heart-rate', value: 150 }] }, warnings: [] },
  {
    rule: 'temperature 35.1 and 39.0: no warning',
    fixture: 'infectedInsectBite',
    edits: { 'observations.0': { kind: 'temperature', value: 39.0 }, 'observations.2': { kind: 'temperature', value: 35.1 } },
    warnings: [],
  },
  {
    rule: 'temperature 35.0: extreme',
    fixture: 'sinusitis',
    edits: { 'observations.0': { kind: 'temperature', value: 35.0 } },
    warnings: [['temperature-extreme', 'observations.0.value']],
  },
  {
    rule: 'temperature 39.1: extreme',
    fixture: 'sinusitis',
    edits: { 'observations.0': { kind: 'temperature', value: 39.1 } },
    warnings: [['temperature-extreme', 'observations.0.value']],
  },
  {
    rule: 'BMI consistent with height and weight',
    fixture: 'sinusitis',
    edits: {
      observations: [
        { kind: 'height', value: 165 },
        { kind: 'weight', value: 60 },
        { kind: 'bmi', value: 22 },
      ],
    },
    warnings: [],
  },
  {
    rule: 'BMI inconsistent with height and weight',
    fixture: 'sinusitis',
    edits: {
      observations: [
        { kind: 'height', value: 165 },
        { kind: 'weight', value: 60 },
        { kind: 'bmi', value: 30 },
      ],
    },
    warnings: [['bmi-inconsistent', 'observations.2.value']],
  },
  { rule: 'emergency supply of 30 days: no warning', fixture: 'urgentMedicineSupply', edits: { 'medicinesSupplied.0.daysSupply': 30 }, warnings: [] },
  {
    rule: 'emergency supply over 30 days (HMR 2012 reg 225)',
    fixture: 'urgentMedicineSupply',
    edits: { 'medicinesSupplied.0.daysSupply': 31 },
    warnings: [['emergency-supply-over-30-days', 'medicinesSupplied.0.daysSupply']],
  },
  { rule: 'PGD supply over 30 days: no warning', fixture: 'infectedInsectBite', edits: { 'medicinesSupplied.0.daysSupply': 60 }, warnings: [] },
  {
    rule: 'half a capsule',
    fixture: 'infectedInsectBite',
    edits: { 'medicinesSupplied.0.quantity.value': 20.5 },
    warnings: [['quantity-not-whole-units', 'medicinesSupplied.0.quantity.value']],
  },
  {
    rule: 'fractional quantity of a liquid (ml) is fine',
    fixture: 'infectedInsectBite',
    edits: { 'medicinesSupplied.0.quantity': { value: 2.5, unitCode: '258773002', unit: 'ml' } },
    warnings: [],
  },
];

describe('plausibility warnings', () => {
  it.each(warningCases)('$rule', ({ fixture, edits, warnings }) => {
    const parsed = schemaAtFixtureTime.parse(edit(fixtures[fixture], edits));
    const codes = new Set<string>(warningCases.flatMap((c) => c.warnings.map(([code]) => code)));
    const found = consultationWarnings(parsed).filter((w) => codes.has(w.code));
    expect(found.map((w) => [w.code, w.path])).toEqual(warnings);
  });

  it('every warning code has a passing and a failing case here or in eligibility.test.ts', () => {
    const tested = new Set(warningCases.flatMap((c) => c.warnings.map(([code]) => code)));
    const eligibility = ['pathway-age-ineligible', 'pathway-sex-ineligible', 'pathway-sex-unconfirmed', 'pathway-pregnancy-excluded', 'referral-required'];
    expect(consultationWarningCodes.filter((code) => !tested.has(code) && !eligibility.includes(code))).toEqual([]);
  });

  it('the fixtures carry no warnings except the 84-day emergency supply', () => {
    const warned = Object.entries(fixtures).flatMap(([name, input]) => consultationWarnings(schemaAtFixtureTime.parse(input)).map((w) => `${name}:${w.code}`));
    expect(warned).toEqual(['urgentMedicineSupply:emergency-supply-over-30-days']);
  });

  it('never changes the consultation and never quotes it (property)', () => {
    fc.assert(
      fc.property(consultationArbitrary, (input) => {
        const parsed = schemaAtFixtureTime.parse(input);
        const before = JSON.stringify(parsed);
        const warnings = consultationWarnings(parsed);
        expect(JSON.stringify(parsed)).toBe(before);
        for (const w of warnings) expect(consultationWarningCodes).toContain(w.code);
        const text = JSON.stringify(warnings.map((w) => w.message));
        expect(text).not.toContain(parsed.patient.nhsNumber);
        expect(text).not.toContain(parsed.patient.birthDate);
      }),
    );
  });
});

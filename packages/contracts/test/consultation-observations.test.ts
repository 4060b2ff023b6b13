import { describe, it } from 'vitest';
import { checkCase, type RuleCase } from './support/consultation-cases';
import { REMOVE } from './support/edit';

// Contract "observations[]" table. infectedInsectBite has [temperature, lying BP, heart rate].
const f = 'infectedInsectBite' as const;

function replaceFirst(observation: Record<string, unknown>): Record<string, unknown> {
  return { 'observations.0': observation };
}

const cases: Record<string, RuleCase[]> = {
  list: [
    { rule: 'may be omitted', fixture: f, edits: { observations: REMOVE } },
    { rule: '30 accepted', fixture: f, edits: { observations: Array.from({ length: 30 }, () => ({ kind: 'bmi', value: 22 })) } },
    {
      rule: '31 rejected',
      fixture: f,
      edits: { observations: Array.from({ length: 31 }, () => ({ kind: 'bmi', value: 22 })) },
      fails: 'observations',
    },
    { rule: 'unknown kind rejected', fixture: f, edits: { 'observations.2.kind': 'oxygen-saturation' }, fails: 'observations.2.kind' },
    { rule: 'missing kind rejected', fixture: f, edits: { 'observations.2.kind': REMOVE }, fails: 'observations.2.kind' },
    { rule: 'effectiveAt with zone accepted', fixture: f, edits: { 'observations.0.effectiveAt': '2026-03-10T12:05:00Z' } },
    {
      rule: 'effectiveAt without zone rejected',
      fixture: f,
      edits: { 'observations.0.effectiveAt': '2026-03-10T12:05:00' },
      fails: 'observations.0.effectiveAt',
    },
    { rule: 'field of another kind rejected', fixture: f, edits: { 'observations.2.method': 'sitting' }, fails: 'observations.2.method' },
  ],
  'blood-pressure': [
    { rule: 'method may be omitted (default unspecified)', fixture: f, edits: { 'observations.1.method': REMOVE } },
    { rule: 'ambulatory average accepted', fixture: f, edits: { 'observations.1.method': 'ambulatory-average' } },
    { rule: 'unknown method rejected', fixture: f, edits: { 'observations.1.method': 'supine' }, fails: 'observations.1.method' },
    { rule: 'range ends 300/20 accepted', fixture: f, edits: { 'observations.1.systolic': 300, 'observations.1.diastolic': 20 } },
    { rule: 'systolic over 300 rejected', fixture: f, edits: { 'observations.1.systolic': 301 }, fails: 'observations.1.systolic' },
    { rule: 'diastolic under 20 rejected', fixture: f, edits: { 'observations.1.diastolic': 19 }, fails: 'observations.1.diastolic' },
    { rule: 'systolic equal to diastolic rejected', fixture: f, edits: { 'observations.1.systolic': 73 }, fails: 'observations.1.systolic' },
    {
      rule: 'systolic below diastolic rejected (values swapped)',
      fixture: f,
      edits: { 'observations.1.systolic': 73, 'observations.1.diastolic': 118 },
      fails: 'observations.1.systolic',
    },
    { rule: 'string value rejected', fixture: f, edits: { 'observations.1.systolic': '118' }, fails: 'observations.1.systolic' },
    { rule: 'missing diastolic rejected', fixture: f, edits: { 'observations.1.diastolic': REMOVE }, fails: 'observations.1.diastolic' },
  ],
  'heart-rate': [
    { rule: '300 accepted', fixture: f, edits: { 'observations.2.value': 300, 'observations.2.irregular': true } },
    { rule: '19 rejected', fixture: f, edits: { 'observations.2.value': 19 }, fails: 'observations.2.value' },
    { rule: 'irregular must be boolean', fixture: f, edits: { 'observations.2.irregular': 'yes' }, fails: 'observations.2.irregular' },
  ],
  temperature: [
    { rule: '45 accepted', fixture: f, edits: { 'observations.0.value': 45 } },
    { rule: '29.9 rejected', fixture: f, edits: { 'observations.0.value': 29.9 }, fails: 'observations.0.value' },
    { rule: 'Fahrenheit value rejected', fixture: f, edits: { 'observations.0.value': 98.6 }, fails: 'observations.0.value' },
  ],
  height: [
    { rule: '250 accepted', fixture: f, edits: replaceFirst({ kind: 'height', value: 250, selfReported: false }) },
    { rule: 'metres rejected', fixture: f, edits: replaceFirst({ kind: 'height', value: 1.7 }), fails: 'observations.0.value' },
    { rule: '251 rejected', fixture: f, edits: replaceFirst({ kind: 'height', value: 251 }), fails: 'observations.0.value' },
  ],
  weight: [
    { rule: '1 accepted', fixture: f, edits: replaceFirst({ kind: 'weight', value: 1, selfReported: true }) },
    { rule: '401 rejected', fixture: f, edits: replaceFirst({ kind: 'weight', value: 401 }), fails: 'observations.0.value' },
    { rule: '0.5 rejected', fixture: f, edits: replaceFirst({ kind: 'weight', value: 0.5 }), fails: 'observations.0.value' },
  ],
  bmi: [
    { rule: '8 accepted', fixture: f, edits: replaceFirst({ kind: 'bmi', value: 8 }) },
    { rule: '7.9 rejected', fixture: f, edits: replaceFirst({ kind: 'bmi', value: 7.9 }), fails: 'observations.0.value' },
    { rule: '100.1 rejected', fixture: f, edits: replaceFirst({ kind: 'bmi', value: 100.1 }), fails: 'observations.0.value' },
  ],
  'pregnancy-status': [
    {
      rule: 'pregnant accepted for a woman',
      fixture: f,
      edits: { ...replaceFirst({ kind: 'pregnancy-status', value: 'pregnant' }), 'patient.gender': 'female' },
    },
    // The fixture's patient is male: a miscoded pregnancy is refused (pregnancy-plausibility.ts).
    { rule: 'pregnant refused for a man', fixture: f, edits: replaceFirst({ kind: 'pregnancy-status', value: 'pregnant' }), fails: 'observations.0.value' },
    {
      rule: 'unknown status rejected',
      fixture: f,
      edits: replaceFirst({ kind: 'pregnancy-status', value: 'possibly' }),
      fails: 'observations.0.value',
    },
  ],
  'coded-finding': [
    { rule: 'SNOMED + display accepted', fixture: f, edits: replaceFirst({ kind: 'coded-finding', code: '314137006', display: 'Urine nitrite positive' }) },
    {
      rule: 'bad code rejected',
      fixture: f,
      edits: replaceFirst({ kind: 'coded-finding', code: 'NIT+', display: 'Urine nitrite positive' }),
      fails: 'observations.0.code',
    },
    {
      rule: 'missing display rejected',
      fixture: f,
      edits: replaceFirst({ kind: 'coded-finding', code: '314137006' }),
      fails: 'observations.0.display',
    },
  ],
};

for (const [kind, rows] of Object.entries(cases)) {
  describe(`observations ${kind}`, () => {
    it.each(rows)('$rule', (row) => checkCase(row));
  });
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snomedIdArbitrary } from '../src/arbitraries';
import { brokenSnomedIdRule, hasValidVerhoeffCheckDigit, snomedIdSchema, verhoeffCheckDigit } from '../src/index';

// snomed.ts / verhoeff.ts: SNOMED CT concept ids and dm+d ids (SNOMED-style) by format, partition and check digit.

const cases: { id: string; rule: ReturnType<typeof brokenSnomedIdRule>; what: string }[] = [
  { id: '77386006', rule: undefined, what: 'Pregnant (finding), short format' },
  { id: '428641000', rule: undefined, what: 'dm+d unit of measure capsule' },
  { id: '1090711000000102', rule: undefined, what: 'UK extension concept (namespace 1000000)' },
  { id: '39732311000001104', rule: undefined, what: 'dm+d AMP (namespace 1000001)' },
  { id: '17346711000001106', rule: undefined, what: 'dm+d AMP Rigevidon' },
  { id: '77386007', rule: 'snomed-check-digit', what: 'last digit mistyped' },
  { id: '73386006', rule: 'snomed-check-digit', what: 'one digit mistyped' },
  { id: '37786006', rule: 'snomed-check-digit', what: 'adjacent digits swapped' },
  { id: '123012', rule: 'snomed-partition', what: 'description id (partition 01)' },
  { id: '91000013', rule: 'snomed-partition', what: 'partition 10 without room for a namespace' },
  { id: '12345', rule: 'snomed-format', what: 'too short' },
  { id: '0123008', rule: 'snomed-format', what: 'leading zero' },
  { id: '1234567890123456789', rule: 'snomed-format', what: 'too long' },
];

describe('brokenSnomedIdRule', () => {
  it.each(cases)('$id ($what): $rule', ({ id, rule }) => {
    expect(brokenSnomedIdRule(id)).toBe(rule);
    expect(snomedIdSchema.safeParse(id).success).toBe(rule === undefined);
  });

  it('names the broken rule as the issue code without quoting the id', () => {
    const result = snomedIdSchema.safeParse('77386007');
    expect(result.error?.issues.map((i) => (i.code === 'custom' ? i.params?.code : i.code))).toEqual(['snomed-check-digit']);
    expect(JSON.stringify(result.error?.issues.map((i) => i.message))).not.toContain('77386007');
  });

  it('accepts every generated concept id', () => {
    fc.assert(fc.property(snomedIdArbitrary, (id) => brokenSnomedIdRule(id) === undefined));
  });
});

describe('Verhoeff', () => {
  it('appending the check digit makes a valid number', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{1,17}$/), (body) => hasValidVerhoeffCheckDigit(body + verhoeffCheckDigit(body))));
  });

  it('detects every single-digit substitution', () => {
    fc.assert(
      fc.property(snomedIdArbitrary, fc.nat(), fc.integer({ min: 1, max: 9 }), (id, at, shift) => {
        const i = at % id.length;
        const changed = id.slice(0, i) + String((Number(id[i]) + shift) % 10) + id.slice(i + 1);
        return !hasValidVerhoeffCheckDigit(changed);
      }),
    );
  });

  it('detects every transposition of adjacent different digits', () => {
    fc.assert(
      fc.property(snomedIdArbitrary, fc.nat(), (id, at) => {
        const i = at % (id.length - 1);
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id.charAt(i + 1) + id.charAt(i) + id.slice(i + 2);
        return !hasValidVerhoeffCheckDigit(swapped);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARBITRARY_LATEST_START, consultationArbitrary } from '../src/arbitraries';
import { createConsultationSchema, eligibilityWarnings, normaliseNhsNumber } from '../src/index';

const schema = createConsultationSchema({ now: () => ARBITRARY_LATEST_START });

describe('consultationArbitrary', () => {
  it('generates only consultations the contract accepts', () => {
    fc.assert(
      fc.property(consultationArbitrary, (input) => {
        const result = schema.safeParse(input);
        if (!result.success) throw new Error(JSON.stringify(result.error.issues));
      }),
      { numRuns: 300 },
    );
  });

  it('parsing is idempotent (events re-parse their own consultation)', () => {
    fc.assert(
      fc.property(consultationArbitrary, (input) => {
        const once = schema.parse(input);
        expect(schema.parse(once)).toEqual(once);
      }),
      { numRuns: 100 },
    );
  });

  it('eligibility warnings never carry the NHS number, names or birth date', () => {
    fc.assert(
      fc.property(consultationArbitrary, (input) => {
        const c = schema.parse(input);
        const text = JSON.stringify(eligibilityWarnings(c));
        const pii = [normaliseNhsNumber(c.patient.nhsNumber), c.patient.birthDate, c.patient.name.family];
        for (const value of pii) expect(text).not.toContain(value);
      }),
      { numRuns: 200 },
    );
  });
});

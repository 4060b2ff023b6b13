// Property: any consultation the ingest contract accepts (and the patient agreed to share) maps to
// a message our validator passes, deterministically; a refusal never produces a message.

import { createConsultationSchema } from '@firstsync/contracts';
import { ARBITRARY_LATEST_START, consultationArbitrary } from '@firstsync/contracts/arbitraries';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUpdateRecordMessage, ConsentNotGivenError, validateUpdateRecordMessage } from '../src/index';

const schema = createConsultationSchema({ now: () => ARBITRARY_LATEST_START });
const OPTIONS = { builtAt: '2026-03-10T18:00:00Z', senderMeshMailbox: 'FIRSTSYNC01' };

describe('mapping property', () => {
  it('every valid, shared consultation maps to a message that passes validation', () => {
    fc.assert(
      fc.property(consultationArbitrary, (input) => {
        const consultation = schema.parse(input);
        if (!consultation.consentToShareWithGp) {
          expect(() => buildUpdateRecordMessage(consultation, OPTIONS)).toThrow(ConsentNotGivenError);
          return;
        }
        const built = buildUpdateRecordMessage(consultation, OPTIONS);
        // Validate what goes on the wire (JSON), not the in-memory objects.
        const wire = JSON.stringify(built.bundle);
        const result = validateUpdateRecordMessage(JSON.parse(wire));
        expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(JSON.stringify(buildUpdateRecordMessage(consultation, OPTIONS).bundle)).toBe(wire);
      }),
      { numRuns: 200 },
    );
  });
});

/** Rewrites an instant's zone to `offset` (same wall clock), e.g. +15:00: legal ISO 8601, illegal FHIR. */
function withOffset(instant: string, offset: string): string {
  return instant.replace(/(Z|[+-]\d\d:\d\d)$/, offset);
}

describe('mapping property at the edges of the contract', () => {
  // Inputs FHIR does not allow verbatim (found by hand, beyond what consultationArbitrary
  // generates): control characters in free text, zone offsets beyond +/-14:00. The contract refuses
  // them at ingest now; the mapper and validator below stay a second line of defence.
  const edgy = fc.tuple(consultationArbitrary, fc.constantFrom('+14:30', '-15:00', '+23:59'), fc.constantFrom('\u0000', '\u0001', '\u001b', '\u000b'));

  it('never reach the mapper: the contract refuses them, naming the field', () => {
    fc.assert(
      fc.property(edgy, ([input, offset, control]) => {
        const accepted = { ...input, consentToShareWithGp: true };
        const withControl = schema.safeParse({ ...accepted, notes: { ...accepted.notes, clinicalSummary: `${control}${accepted.notes.clinicalSummary}` } });
        expect(withControl.success).toBe(false);
        expect(withControl.error?.issues.map((i) => i.path.join('.'))).toContain('notes.clinicalSummary');
        const withOffset_ = schema.safeParse({ ...accepted, startedAt: withOffset(accepted.startedAt, offset) });
        expect(withOffset_.success).toBe(false);
        expect(withOffset_.error?.issues.map((i) => i.path.join('.'))).toContain('startedAt');
      }),
      { numRuns: 100 },
    );
  });

  it('the widest offset FHIR allows (+14:00) maps to a message that passes validation', () => {
    fc.assert(
      fc.property(consultationArbitrary, (input) => {
        const parsed = schema.safeParse({ ...input, consentToShareWithGp: true, startedAt: withOffset(input.startedAt, '+14:00') });
        // Shifting the offset can move the start before the birth date or after endedAt: not our case.
        fc.pre(parsed.success);
        if (!parsed.success) return;
        const built = buildUpdateRecordMessage(parsed.data, OPTIONS);
        const result = validateUpdateRecordMessage(JSON.parse(JSON.stringify(built.bundle)));
        expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('the validator itself rejects control characters and out-of-range offsets if they get through', () => {
    const input = fc.sample(consultationArbitrary, { numRuns: 1, seed: 42 })[0];
    if (input === undefined) throw new Error('no sample');
    const built = buildUpdateRecordMessage(schema.parse({ ...input, consentToShareWithGp: true }), OPTIONS);
    const wire = JSON.stringify(built.bundle)
      .replace(/"timestamp":"[^"]+"/, '"timestamp":"2026-03-10T18:00:00+15:00"')
      .replace(/"summary":"/, '"summary":"\\u0001');
    const errors = validateUpdateRecordMessage(JSON.parse(wire)).issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['Bundle.entry[0].resource.timestamp', expect.stringMatching(/\.summary$/)]));
  });
});

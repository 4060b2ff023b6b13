// The builder's input clean-up: control characters become U+FFFD wherever they are (including
// inside arrays), the caller's consultation is never modified, and clean input passes unchanged.

import { fixtures } from '@firstsync/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { fhirSafeConsultation } from '../src/build/fhir-safe-input';
import { parseFixture } from './support/golden-cases';

describe('fhirSafeConsultation', () => {
  it('replaces control characters in nested strings and array items, leaving the input untouched', () => {
    const input = parseFixture(fixtures.infectedInsectBite);
    input.notes = { ...input.notes, clinicalSummary: `A\u0001B${input.notes.clinicalSummary}` };
    input.patient = { ...input.patient, name: { ...input.patient.name, given: ['Jo\u001Fe', ...input.patient.name.given] } };
    const before = JSON.stringify(input);

    const safe = fhirSafeConsultation(input);

    expect(safe.notes.clinicalSummary.startsWith('A\uFFFDB')).toBe(true);
    expect(safe.patient.name.given[0]).toBe('Jo\uFFFDe');
    expect(JSON.stringify(safe)).not.toMatch(/\\u000[0-8bc]|\\u001[0-9a-f]/);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('is the identity, value for value, for a consultation without control characters', () => {
    const input = parseFixture(fixtures.infectedInsectBite);
    expect(fhirSafeConsultation(input)).toEqual(input);
  });
});

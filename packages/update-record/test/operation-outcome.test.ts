import { describe, expect, it } from 'vitest';
import { toOperationOutcome } from '../src/index';

describe('toOperationOutcome', () => {
  it('names every issue with its path, severity and STU3 issue type', () => {
    const outcome = toOperationOutcome([
      { severity: 'error', path: 'Bundle.entry[0].resource.event.code', code: 'value', message: "code must be 'ITK014M'" },
      { severity: 'warning', path: 'Bundle.entry[2].resource.entry[5].resource.gender', code: 'required', message: 'gender should be present' },
    ]);
    expect(outcome).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'value', diagnostics: "code must be 'ITK014M'", expression: ['Bundle.entry[0].resource.event.code'] },
        { severity: 'warning', code: 'required', diagnostics: 'gender should be present', expression: ['Bundle.entry[2].resource.entry[5].resource.gender'] },
      ],
    });
  });

  it('keeps a non-FHIR code (e.g. from zod) as details.text under issue type invalid', () => {
    const outcome = toOperationOutcome([{ severity: 'error', path: 'consultation.patient', code: 'invalid_type', message: 'expected object' }]);
    expect(outcome.issue[0]).toMatchObject({ code: 'invalid', details: { text: 'invalid_type' } });
  });

  it('never produces an empty issue list (issue is 1..*)', () => {
    expect(toOperationOutcome([]).issue).toEqual([{ severity: 'information', code: 'informational', diagnostics: 'no issues' }]);
  });
});

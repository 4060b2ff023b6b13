import { describe, expect, it } from 'vitest';
import { ITK_RESPONSE, ITK_RESPONSE_CODES, itkCodeMeaning, MESH_REPORT, MESH_REPORT_CODES, meshReportMeaning } from '../src';

describe('ITK3 response codes', () => {
  it('holds each code once, business codes at business level, and only the two success codes positive', () => {
    expect(ITK_RESPONSE_CODES.size).toBe(Object.keys(ITK_RESPONSE).length);
    for (const code of ITK_RESPONSE_CODES.values()) {
      expect(code.code).toMatch(/^[123]\d{4}$/);
      expect(code.level).toBe(code.code.startsWith('3') ? 'business' : 'infrastructure');
      expect(code.positive).toBe(code.issueType === 'informational');
    }
    expect([...ITK_RESPONSE_CODES.values()].filter((c) => c.positive).map((c) => c.code)).toEqual([ITK_RESPONSE.success.code, ITK_RESPONSE.patientKnown.code]);
  });

  it.each([
    [ITK_RESPONSE.success.code, true, 'progress'],
    [ITK_RESPONSE.patientKnown.code, true, 'delivered'],
    [ITK_RESPONSE.duplicateMessage.code, false, 'delivered'],
    [ITK_RESPONSE.duplicateDocument.code, false, 'delivered'],
    [ITK_RESPONSE.payloadInvalid.code, false, 'permanent'],
    [ITK_RESPONSE.handlingSpecificationError.code, false, 'permanent'],
    [ITK_RESPONSE.recipientNotSupported.code, false, 'needs-fallback'],
    [ITK_RESPONSE.patientNotKnown.code, false, 'needs-fallback'],
    [ITK_RESPONSE.patientLeft.code, false, 'needs-fallback'],
    // Outside the table: handling-spec errors by shape, the rest by sign and level.
    ['10006', false, 'permanent'],
    ['30004', true, 'delivered'],
    ['20099', true, 'progress'],
    ['20099', false, 'needs-fallback'],
  ] as const)('%s (positive %s) -> %s', (code, positive, verdict) => {
    const meaning = itkCodeMeaning(code, positive);
    expect(meaning.verdict).toBe(verdict);
    expect(meaning.meaning.length).toBeGreaterThan(0);
  });
});

describe('MESH reports', () => {
  it('holds each code once; every failure needs the fallback, unknown ones too', () => {
    expect(MESH_REPORT_CODES.size).toBe(Object.keys(MESH_REPORT).length);
    for (const report of MESH_REPORT_CODES.values()) expect(meshReportMeaning(report.code)).toEqual({ verdict: 'needs-fallback', meaning: report.meaning });
    expect(meshReportMeaning('99')).toEqual({ verdict: 'needs-fallback', meaning: 'MESH could not deliver the message' });
    expect(meshReportMeaning(null).verdict).toBe('needs-fallback');
  });
});

import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fhirRestHeaders } from '../src/transport/fhir-rest/fhir-rest-headers';
import { mailFileName, mailHeaderText } from '../src/transport/nhsmail/mail-header-text';

const anyText = fc.string({ unit: 'binary', maxLength: 300 });

describe('mailHeaderText (NHSmail subject)', () => {
  it('keeps names as typed (nodemailer encodes them) and removes what no header should carry', () => {
    expect(mailHeaderText('Apteka Łódź – O’Brien’s', 200)).toBe('Apteka Łódź – O’Brien’s');
    expect(mailHeaderText('Evil\r\nBcc: x@y\u202eemankcip\u200b\ufeff', 200)).toBe('Evil Bcc: x@yemankcip');
    expect(mailHeaderText('a\ud800b\ufffe', 200)).toBe('ab');
  });

  it('never cuts inside a surrogate pair, and never has a control, format or lone surrogate', () => {
    expect(mailHeaderText('😀😀😀', 2)).toBe('😀😀');
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 300 }), (text, max) => {
        const value = mailHeaderText(text, max);
        return Array.from(value).length <= max && !/[\p{Cc}\p{Cf}\p{Cs}\ufffe\uffff\u2028\u2029]/u.test(value) && value === value.trim();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('mailFileName', () => {
  it('is ASCII letters, digits, dot, hyphen and underscore only', () => {
    expect(mailFileName('consultation-summary-3f0c2a8e-v2.pdf')).toBe('consultation-summary-3f0c2a8e-v2.pdf');
    expect(mailFileName('../Łódź summary\r\n.pdf')).toBe('d-summary-.pdf');
    expect(mailFileName('王')).toBe('attachment');
  });
});

describe('fhirRestHeaders', () => {
  it('carries ids only, as visible ASCII that fetch takes', () => {
    expect(fhirRestHeaders({ correlationId: 'corr-1', consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e01' }, 'r-1')).toEqual({
      'x-correlation-id': 'corr-1',
      'x-consultation-id': '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e01',
      'x-request-id': 'r-1',
    });
    fc.assert(
      fc.property(anyText, anyText, (correlationId, consultationId) => {
        const headers = fhirRestHeaders({ correlationId, consultationId }, 'r-1');
        expect(() => new Headers(headers)).not.toThrow();
        return Object.entries(headers).every(([name, value]) => {
          if (!/^[\x21-\x7e]+$/.test(value)) return false;
          validateHeaderValue(name, value); // throws on a value Node would refuse to send
          return true;
        });
      }),
      { numRuns: 1000 },
    );
  });
});

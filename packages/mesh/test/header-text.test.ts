import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiHeaderText, isVisibleAscii, transliterateToAscii } from '../src/ascii-text';
import { gpProviderSurname } from '../src/gpprovider-address';
import { MEX_MAX_LENGTH } from '../src/mex-headers';
import { MeshHeaderError, meshSendHeaders } from '../src/send-headers';
import { updateRecordSubject } from '../src/update-record-subject';

// Any string at all: every plane, lone surrogates, controls, combining marks, RTL, emoji.
const anyText = fc.string({ unit: 'binary', maxLength: 300 });
const nodeAccepts = (value: string) => {
  validateHeaderValue('x-probe', value);
  return true;
};

describe('transliterateToAscii / asciiHeaderText', () => {
  it('spells names the way a Latin register does', () => {
    expect(transliterateToAscii('O’Sullivan Łukasiewicz Nguyễn Weiß Øster Æsir Đặng Þór')).toBe("O'Sullivan Lukasiewicz Nguyen Weiss Oster AEsir Dang THor");
    expect(transliterateToAscii('ﬁnn Ｏｋａｆｏｒ Smith–Jones ʻOkuda')).toBe("finn Okafor Smith-Jones 'Okuda");
  });

  it('drops what has no reliable transliteration and turns controls into spaces', () => {
    expect(transliterateToAscii('Иванов 王芳 😀 محمد')).toBe('   ');
    expect(asciiHeaderText('Phở & Pills\u007f\r\nPharmacy\u202e\u200b', 500)).toBe('Pho & Pills Pharmacy');
    expect(asciiHeaderText('\ud800lone\udfff', 500)).toBe('lone');
  });

  it('always gives visible ASCII that Node sends, within the length asked', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 500 }), (text, max) => {
        const value = asciiHeaderText(text, max);
        return isVisibleAscii(value) && value.length <= max && value === value.trim() && nodeAccepts(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('gpProviderSurname', () => {
  it('is PDS ASCII, upper case, bounded and stable when applied again', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const surname = gpProviderSurname(text);
        if (surname === null) return true;
        return /^[A-Z0-9 '.-]+$/.test(surname) && /[A-Z]/.test(surname) && surname.length <= 69 && gpProviderSurname(surname) === surname;
      }),
      { numRuns: 2000 },
    );
  });

  it('is null only when no Latin letter survives', () => {
    expect(gpProviderSurname('王芳')).toBeNull();
    expect(gpProviderSurname('😀')).toBeNull();
    expect(gpProviderSurname("'-. 1")).toBeNull();
    expect(gpProviderSurname('王 Li')).toBe('LI');
  });
});

describe('meshSendHeaders', () => {
  const base = { to: 'GPPROVIDER_9000000009_09011955_MOWERS', workflowId: 'GPCONNECT_UPDATE_RECORD', contentType: 'application/fhir+json', totalChunks: 1 };

  it('encodes the free-text headers and leaves out what has nothing to say', () => {
    const headers = meshSendHeaders({ ...base, subject: 'for O’Sullivan\r\nX-Injected: 1', localId: '王', fileName: 'ﬁle–1.json' });
    expect(headers['mex-subject']).toBe("for O'Sullivan X-Injected: 1");
    expect(headers).not.toHaveProperty('mex-localid');
    expect(headers['mex-filename']).toBe('file-1.json');
    expect(headers['content-type']).toBe('application/fhir+json');
    expect(meshSendHeaders({ ...base, totalChunks: 3 })).toMatchObject({ 'content-type': 'application/octet-stream', 'mex-chunk-range': '1:3' });
  });

  it('never rewrites an address or workflow id: refuses it, naming the header only', () => {
    expect(() => meshSendHeaders({ ...base, to: 'GPPROVIDER_9000000009_09011955_ŁUKASIEWICZ' })).toThrow(
      /^cannot send over MESH: mex-to must be 1 to 100 visible ASCII characters$/,
    );
    expect(() => meshSendHeaders({ ...base, to: 'X'.repeat(101) })).toThrow(MeshHeaderError);
    expect(() => meshSendHeaders({ ...base, workflowId: 'W\n' })).toThrow(/mex-workflowid/);
  });

  it('whatever the free text, every header is one Node sends and MESH accepts in length', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (subject, localId, fileName) => {
        const headers = meshSendHeaders({ ...base, subject: subject.repeat(3), localId, fileName });
        const limits: Record<string, number> = {
          'mex-subject': MEX_MAX_LENGTH.subject,
          'mex-localid': MEX_MAX_LENGTH.localId,
          'mex-filename': MEX_MAX_LENGTH.fileName,
        };
        return Object.entries(headers).every(([name, value]) => isVisibleAscii(value) && nodeAccepts(value) && value.length <= (limits[name] ?? 100));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('updateRecordSubject', () => {
  const input = {
    payloadTitle: 'Łódź Pharmacy - Pharmacy First service',
    patientName: 'Siobhán O’Sullivan',
    nhsNumber: '9000000009',
    practiceName: 'Łódź Pharmacy',
    practiceOds: 'FXA01',
    version: 2,
  };

  it('is the IG sentence in visible ASCII', () => {
    expect(updateRecordSubject(input)).toBe(
      "Lodz Pharmacy - Pharmacy First service for Siobhan O'Sullivan, NHS Number: 9000000009, seen at Lodz Pharmacy, ODS code: FXA01, version 2",
    );
  });

  it('keeps the sentence readable when a part has nothing representable', () => {
    expect(updateRecordSubject({ ...input, payloadTitle: '😀', patientName: '王芳', practiceName: '☕☕' })).toBe(
      'Consultation for patient, NHS Number: 9000000009, seen at FXA01, ODS code: FXA01, version 2',
    );
  });

  it('never exceeds 500 characters and always ends with the version', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, fc.integer({ min: 1, max: 9999 }), (title, name, practice, version) => {
        const subject = updateRecordSubject({
          ...input,
          payloadTitle: title.repeat(5),
          patientName: name.repeat(5),
          practiceName: practice.repeat(5),
          version,
        });
        return subject.length <= 500 && isVisibleAscii(subject) && subject.endsWith(`, version ${version}`);
      }),
      { numRuns: 1000 },
    );
  });
});

import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readConsultationSummary, renderSummaryHtml, renderSummaryPdf, renderSummaryText, UnreadableMessageError } from '../src/index';
import { messageBundle } from './message-fixture';
import { pdfTextLines } from './pdf-text';

describe('readConsultationSummary', () => {
  it('reads the facts a practice needs from an ITK3 message bundle', () => {
    const summary = readConsultationSummary(messageBundle());
    expect(summary.patient).toEqual({ name: 'Jane Ann SMITH', nhsNumber: '9000000009', birthDate: '1980-02-14', gender: 'female' });
    expect(summary.service).toBe('Pharmacy First service');
    expect(summary.pharmacy).toEqual({ name: 'High Street Pharmacy', odsCode: 'FVR79' });
    expect(summary.clinician).toEqual({ name: 'Ravi PATEL', role: 'Pharmacist', gphcNumber: '2012345' });
    expect(summary.registeredPractice).toEqual({ odsCode: 'A81001', name: 'Riverside Surgery' });
    expect(summary.observations).toEqual([{ name: 'Blood pressure', value: 'Systolic blood pressure: 128 mm[Hg], Diastolic blood pressure: 82 mm[Hg]' }]);
    expect(summary.medicines[0]).toMatchObject({ name: 'Nitrofurantoin 100mg modified-release capsules', quantity: '6 capsule', supplied: true });
    expect(summary.conditions).toEqual(['Urinary tract infection']);
    expect(summary.notes).toEqual([{ heading: 'Clinical summary', text: 'Uncomplicated lower UTI. Safety-netting advice given.' }]);
    expect(summary.version).toBe(1);
    expect(summary.replacesEarlierVersion).toBe(false);
  });

  it('marks a replacement with its version', () => {
    const summary = readConsultationSummary(messageBundle({ version: 3 }));
    expect(summary.version).toBe(3);
    expect(summary.replacesEarlierVersion).toBe(true);
    expect(renderSummaryText(summary)).toContain('replaces the earlier summary');
  });

  it('rejects something that is not an Update Record message', () => {
    expect(() => readConsultationSummary({ resourceType: 'Patient' })).toThrow(UnreadableMessageError);
    expect(() => readConsultationSummary({ resourceType: 'Bundle', type: 'message', entry: [] })).toThrow(UnreadableMessageError);
  });
});

describe('renderSummaryHtml', () => {
  it('shows the key fields', () => {
    const html = renderSummaryHtml(readConsultationSummary(messageBundle()));
    for (const field of [
      'Jane Ann SMITH',
      '900 000 0009',
      '1980-02-14',
      'High Street Pharmacy (FVR79)',
      'Nitrofurantoin 100mg',
      'Urinary tract infection',
      'Safety-netting advice',
      '2026-11-23 10:15 (+00:00)',
    ]) {
      expect(html).toContain(field);
    }
  });

  it('escapes pharmacy-entered text', () => {
    const html = renderSummaryHtml(readConsultationSummary(messageBundle({ note: '<script>alert("x")</script> & more' })));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
  });
});

describe('renderSummaryPdf', () => {
  it('produces a PDF whose text has the key fields', async () => {
    const pdf = await renderSummaryPdf(readConsultationSummary(messageBundle()));
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = pdfTextLines(pdf).join('\n');
    for (const field of [
      'Jane Ann SMITH',
      '900 000 0009',
      '1980-02-14',
      'Pharmacy First service',
      'Nitrofurantoin 100mg',
      'Urinary tract infection',
      'Clinical summary',
    ]) {
      expect(text).toContain(field);
    }
  });

  it('wraps long notes onto further pages instead of losing text', async () => {
    const sentences = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} of the note.`);
    const pdf = await renderSummaryPdf(readConsultationSummary(messageBundle({ note: sentences.join(' ') })));
    const text = pdfTextLines(pdf).join(' ');
    expect(text).toContain('Sentence number 0 of');
    expect(text).toContain('Sentence number 399 of the note.');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThan(1);
  });

  it('replaces characters the standard fonts cannot draw rather than failing', async () => {
    const pdf = await renderSummaryPdf(readConsultationSummary(messageBundle({ family: 'Ōtsuka', medicineName: 'Paracetamol 💊 500mg' })));
    const text = pdfTextLines(pdf).join('\n');
    expect(text).toContain('?TSUKA');
    expect(text).toContain('Paracetamol ? 500mg');
  });
});

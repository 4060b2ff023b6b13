import { findPii, generateConsultations, sensitiveValues } from '@firstsync/system-harness';
import { describe, expect, it } from 'vitest';
import { piiControls } from './support/pii-controls';

// The matcher the PII e2e relies on, checked on its own: it must report every fixture value in
// every spelling the controls use, and must not report ordinary log text that merely resembles one.
// Every shared fixture (consent given or not) at least once.
const bodies = generateConsultations({ count: 40, pharmacyOds: 'FCA01', practices: ['A81001'], poisonPractices: [], poisonRatio: 0, allFixtures: true }).map(
  (c) => c.body,
);
const values = sensitiveValues(bodies);

describe('the PII matcher of the PII e2e', () => {
  it('reports every control text with the kind of value it carries', () => {
    const controls = piiControls(bodies);
    expect(controls.length).toBeGreaterThan(bodies.length * 10);
    const hits = findPii(controls, values);
    const missed = controls.filter((c) => !hits.some((h) => h.where === c.where && h.kind === c.kind)).map((c) => `${c.where}: ${c.kind}`);
    expect(missed).toEqual([]);
  });

  it('reports a value it was given, whatever else the text holds, and masks it in the report', () => {
    const [hit] = findPii([{ where: 'w', text: 'xx 9434765919 yy' }], [{ kind: 'nhs-number', value: '9434765919' }]);
    expect(hit).toEqual({ kind: 'nhs-number', masked: '94******19', where: 'w' });
  });

  it('does not report ordinary text that only resembles a value', () => {
    const ordinary = [
      '{"level":30,"msg":"shutdown grace period 15000 ms, forwarded 3 records"}',
      '{"msg":"offset 19434765919123 committed","consultationId":"0f0e4a3b-1d2c-4b5a-9e8f-7a6b5c4d3e2f"}',
      '<td>A81001</td><td>delivered</td>',
    ];
    expect(
      findPii(
        ordinary.map((text, i) => ({ where: `line ${i}`, text })),
        values,
      ),
    ).toEqual([]);
  });
});

import { PIPELINE_EVENT_TYPES, type PipelineEvent, pharmacyEventSchema } from '@firstsync/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPharmacyProjector } from '../src';

// Free text a pipeline event may carry (an answer quoted from a GP system or mail relay, an
// operator's words): marked, so any of it reaching a pharmacy event is found.
const MARK = 'ZZLEAK';
const freeText = fc.string({ maxLength: 40 }).map((s) => `${MARK}${s}${MARK}`);
const CODES = ['20013', '20007', '20009', '20010', '30001', '30002', '30003', '39999', 'EPL-151', '14', '201', '503', 'bus-ack-timeout', 'odd'];

const pipelineEventArbitrary: fc.Arbitrary<PipelineEvent> = fc.record(
  {
    eventId: fc.uuid(),
    type: fc.constantFrom(...PIPELINE_EVENT_TYPES),
    at: fc.constantFrom('2026-03-10T10:00:00.000Z', '2026-03-10T11:00:00+01:00'),
    source: fc.constantFrom('ingest', 'fhir-mapper', 'delivery', 'dashboard', 'nhs-simulator'),
    consultationId: fc.constantFrom('0b6f1a52-3c1d-4e8f-9a7b-5c4d3e2f1a0b', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'),
    version: fc.integer({ min: 1, max: 4 }),
    correlationId: freeText,
    pharmacyOds: fc.constantFrom('FVR79', 'FA123'),
    practiceOds: fc.constantFrom('A81001', 'Y02345'),
    service: freeText,
    transport: fc.constantFrom('mesh', 'fhir-rest', 'nhsmail'),
    attempt: fc.nat({ max: 9 }),
    code: fc.constantFrom(...CODES),
    message: freeText,
    durationMs: fc.nat(),
    actor: freeText,
    reason: freeText,
    details: fc.dictionary(
      fc.constantFrom('positive', 'acknowledged', 'deadline', 'note', `${MARK}key`),
      fc.oneof(fc.boolean(), freeText, fc.constant('2026-03-11T18:30:00.000Z')),
    ),
  },
  { requiredKeys: ['eventId', 'type', 'at', 'source'] },
);

describe('the projection copies no free text', () => {
  it('every projected event is valid and holds only ids, codes, states, times and its own texts', () => {
    let projected = 0;
    fc.assert(
      fc.property(fc.array(pipelineEventArbitrary, { maxLength: 30 }), (events) => {
        const projector = createPharmacyProjector();
        const seenCodes = new Set(events.map((e) => e.code));
        for (const event of events) {
          for (const out of projector.project(event)) {
            projected += 1;
            expect(pharmacyEventSchema.safeParse(out).success).toBe(true);
            expect(JSON.stringify(out)).not.toContain(MARK);
            expect(out.timestamp).toBe(event.at);
            expect(out.data.consultationId).toBe(event.consultationId);
            expect(out.data.pharmacyOds).toBe(event.pharmacyOds);
            if (out.data.practiceOds !== undefined) expect(out.data.practiceOds).toBe(event.practiceOds);
            if (out.data.code !== undefined) expect(seenCodes).toContain(out.data.code);
            expect(
              Object.keys(out.data).every((k) =>
                ['consultationId', 'version', 'pharmacyOds', 'practiceOds', 'state', 'code', 'reason', 'transport', 'replacesVersion'].includes(k),
              ),
            ).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
    // The property is not vacuous: the generated events did yield pharmacy events.
    expect(projected).toBeGreaterThan(100);
  });
});

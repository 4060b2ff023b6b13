import { ITK_RESPONSE, PHARMACY_STATES } from '@firstsync/consultation-lifecycle';
import { type PharmacyEventData, type PharmacyEventType, type PipelineEvent, pharmacyEventSchema } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { pharmacyEventId, REASON, toPharmacyEvents } from '../src';
import { AT, CONSULTATION, PHARMACY, PRACTICE, pipelineEvent } from './support/pipeline';

type Expected = { type: PharmacyEventType } & Partial<PharmacyEventData>;

// The projection rules, one row each: the pipeline event, and the pharmacy events it must yield.
const RULES: readonly [string, Partial<PipelineEvent> & Pick<PipelineEvent, 'type'>, readonly Expected[]][] = [
  [
    'received (first version): accepted',
    { type: 'received', source: 'ingest' },
    [{ type: 'consultation.accepted', state: 'received', reason: REASON.accepted }],
  ],
  [
    'received (an amendment): accepted and the replacement of the previous version',
    { type: 'received', source: 'ingest', version: 3 },
    [
      { type: 'consultation.accepted', state: 'received', version: 3 },
      { type: 'consultation.replaced', state: 'received', version: 3, replacesVersion: 2, reason: REASON.replaced },
    ],
  ],
  [
    'delivered over FHIR REST',
    { type: 'delivered', transport: 'fhir-rest', code: '201' },
    [{ type: 'consultation.delivered', state: 'delivered', code: '201', transport: 'fhir-rest', reason: REASON.delivered }],
  ],
  ['delivered after an acknowledgement (the ack was projected)', { type: 'delivered', transport: 'mesh', code: '30001', details: { acknowledged: true } }, []],
  [
    'business ack 30001',
    { type: 'bus-ack', transport: 'mesh', code: '30001', details: { positive: true } },
    [{ type: 'consultation.delivered', state: 'delivered', code: '30001', transport: 'mesh', reason: ITK_RESPONSE.patientKnown.meaning }],
  ],
  [
    'duplicate 20007 (the GP system already has it)',
    { type: 'inf-ack', transport: 'mesh', code: '20007', details: { positive: false } },
    [{ type: 'consultation.delivered', state: 'delivered', code: '20007' }],
  ],
  ['infrastructure ack 20013 (progress only)', { type: 'inf-ack', transport: 'mesh', code: '20013', details: { positive: true } }, []],
  [
    'rejection 30002 with its code and reason',
    { type: 'bus-ack', transport: 'mesh', code: '30002', details: { positive: false } },
    [{ type: 'consultation.rejected', state: 'fallback-pending', code: '30002', reason: 'patient not known at the practice' }],
  ],
  [
    'rejection 30003 with its code and reason',
    { type: 'bus-ack', transport: 'mesh', code: '30003', details: { positive: false } },
    [{ type: 'consultation.rejected', state: 'fallback-pending', code: '30003', reason: 'patient no longer at the practice' }],
  ],
  ['rejection without the positive flag (read from the code table)', { type: 'bus-ack', code: '30003' }, [{ type: 'consultation.rejected', code: '30003' }]],
  ['20010 switched off: nothing yet, the fallback-sent says why', { type: 'inf-ack', transport: 'mesh', code: '20010', details: { positive: false } }, []],
  [
    'a permanent negative ack (20009): needs attention',
    { type: 'inf-ack', transport: 'mesh', code: '20009', details: { positive: false } },
    [{ type: 'consultation.needs-attention', state: 'failed', code: '20009', reason: ITK_RESPONSE.payloadInvalid.meaning }],
  ],
  ['an acknowledgement without a code', { type: 'bus-ack', transport: 'mesh' }, []],
  ['MESH report EPL-151: nothing yet, the fallback-sent says why', { type: 'mesh-report', transport: 'mesh', code: 'EPL-151' }, []],
  [
    'fallback-sent without a known cause',
    { type: 'fallback-sent', transport: 'nhsmail', code: '250', message: '2.0.0 Ok: queued as 4Xyz' },
    [{ type: 'consultation.fallback-sent', state: 'fallback-sent', transport: 'nhsmail', reason: REASON.fallbackSent }],
  ],
  [
    'dead-lettered: needs attention',
    { type: 'dead-lettered', transport: 'fhir-rest', code: '422', message: 'retries exhausted' },
    [{ type: 'consultation.needs-attention', state: 'failed', code: '422', reason: REASON.deadLettered }],
  ],
  ['dead-lettered after an acknowledgement (the ack was projected)', { type: 'dead-lettered', code: '20009', details: { acknowledged: true } }, []],
  [
    'mapping-failed: needs attention',
    { type: 'mapping-failed', source: 'fhir-mapper', code: 'invalid-bundle' },
    [{ type: 'consultation.needs-attention', state: 'failed', code: 'invalid-bundle', reason: REASON.mappingFailed }],
  ],
  [
    'parked by the NHSmail fallback: needs attention',
    { type: 'parked', transport: 'nhsmail', code: 'fallback-failed' },
    [{ type: 'consultation.needs-attention', state: 'parked', code: 'fallback-failed', reason: REASON.fallbackFailed }],
  ],
  ['parked on the structured route (waiting)', { type: 'parked', code: 'practice-held' }, []],
  ['needs-fallback (the fallback-sent follows)', { type: 'needs-fallback', code: '20010' }, []],
  ...(
    [
      'not-shared',
      'mapped',
      'sent',
      'retry-scheduled',
      'filed',
      'resend-requested',
      'practice-held',
      'practice-released',
      'command-rejected',
      'revealed',
    ] as const
  ).map((type) => [`${type}: nothing`, { type }, []] as [string, Partial<PipelineEvent> & Pick<PipelineEvent, 'type'>, readonly Expected[]]),
];

describe('toPharmacyEvents', () => {
  it.each(RULES)('%s', (_name, fields, expected) => {
    const event = pipelineEvent(fields);
    const projected = toPharmacyEvents(event);
    expect(projected.map((e) => ({ type: e.type, ...e.data }))).toEqual(expected.map((e) => expect.objectContaining(e)));
    for (const out of projected) {
      expect(pharmacyEventSchema.parse(out)).toEqual(out);
      expect(out.timestamp).toBe(event.at);
      expect(out.data).toMatchObject({ consultationId: CONSULTATION, pharmacyOds: PHARMACY, practiceOds: PRACTICE });
      expect(PHARMACY_STATES).toContain(out.data.state);
    }
  });

  it.each([
    ['no pharmacy', { pharmacyOds: undefined }],
    ['no consultation', { consultationId: undefined }],
    ['a pharmacy that is not a pharmacy ODS code', { pharmacyOds: 'A81001' }],
  ])('ignores an event with %s', (_name, fields) => {
    expect(toPharmacyEvents(pipelineEvent({ type: 'received', ...fields }))).toEqual([]);
    expect(toPharmacyEvents(pipelineEvent({ type: 'bus-ack', code: '30003', ...fields }))).toEqual([]);
  });

  it('leaves out a practice that is not a GP practice ODS code and a code that is not a code', () => {
    const [out] = toPharmacyEvents(pipelineEvent({ type: 'dead-lettered', practiceOds: 'unknown', code: 'HTTP 500 from https://gp.example' }));
    expect(out?.data).not.toHaveProperty('practiceOds');
    expect(out?.data).not.toHaveProperty('code');
  });

  it('takes the version from the context for an event without one, else 1', () => {
    expect(toPharmacyEvents(pipelineEvent({ type: 'mapping-failed', version: undefined }), { version: 4 })[0]?.data.version).toBe(4);
    expect(toPharmacyEvents(pipelineEvent({ type: 'mapping-failed', version: undefined }))[0]?.data.version).toBe(1);
  });

  it('says why a fallback was sent when the context knows', () => {
    const [out] = toPharmacyEvents(pipelineEvent({ type: 'fallback-sent', transport: 'nhsmail', code: '250' }), {
      fallbackCause: { code: '20010', reason: ITK_RESPONSE.recipientNotSupported.meaning },
    });
    expect(out?.data).toMatchObject({ code: '20010', reason: `${REASON.fallbackSent}: ${ITK_RESPONSE.recipientNotSupported.meaning}` });
  });

  it('says why from the cause delivery carries when nothing is remembered (after a restart)', () => {
    const [out] = toPharmacyEvents(pipelineEvent({ type: 'fallback-sent', transport: 'nhsmail', code: '250', details: { cause: '20010' } }));
    expect(out?.data).toMatchObject({ code: '20010', reason: `${REASON.fallbackSent}: ${ITK_RESPONSE.recipientNotSupported.meaning}` });
    const [unknown] = toPharmacyEvents(pipelineEvent({ type: 'fallback-sent', transport: 'nhsmail', code: '250', details: { cause: 'not a code!' } }));
    expect(unknown?.data.code).toBeUndefined();
  });

  describe('event ids', () => {
    it('are the same for the same pipeline event (a re-projection after a crash gives the same webhook-id)', () => {
      const event = pipelineEvent({ type: 'received', version: 2 });
      expect(toPharmacyEvents(structuredClone(event)).map((e) => e.eventId)).toEqual(toPharmacyEvents(event).map((e) => e.eventId));
    });

    it('differ between the events of one pipeline event and between pipeline events', () => {
      const ids = [
        ...toPharmacyEvents(pipelineEvent({ type: 'received', version: 2 })),
        ...toPharmacyEvents(pipelineEvent({ type: 'received', version: 2 })),
      ].map((e) => e.eventId);
      expect(new Set(ids).size).toBe(4);
    });

    it('never change for a given input (receivers deduplicate by them across deployments)', () => {
      expect(pharmacyEventId('5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', 'consultation.rejected')).toBe('5e93299c-c6d4-8aba-8d9c-a30b8f96257c');
    });

    it('are UUIDs of version 8 (custom) with the RFC 9562 variant', () => {
      for (let i = 0; i < 64; i += 1) {
        expect(pharmacyEventId(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'consultation.accepted')).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }
    });
  });

  it('copies the time of the pipeline event', () => {
    const later = '2026-03-10T12:34:56.789+01:00';
    expect(toPharmacyEvents(pipelineEvent({ type: 'received', at: later }))[0]?.timestamp).toBe(later);
    expect(AT).not.toBe(later);
  });
});

import { ITK_RESPONSE, MESH_REPORT } from '@firstsync/consultation-lifecycle';
import type { PipelineEvent } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { createPharmacyProjector, fallbackCauseOf, REASON } from '../src';
import { pipelineEvent } from './support/pipeline';

const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

// What delivery writes (services/delivery): negative acks carry the pharmacy; its verdict events
// after an acknowledgement (needs-fallback, delivered, dead-lettered) do not.
const ack = (type: 'inf-ack' | 'bus-ack', code: string, positive: boolean) => pipelineEvent({ type, transport: 'mesh', code, details: { positive } });
const ackVerdict = (type: PipelineEvent['type'], code: string) =>
  pipelineEvent({ type, transport: 'mesh', code, pharmacyOds: undefined, details: { acknowledged: true } });
const fallbackSent = (fields: Partial<PipelineEvent> = {}) => pipelineEvent({ type: 'fallback-sent', transport: 'nhsmail', code: '250', ...fields });

function project(events: readonly PipelineEvent[]) {
  const projector = createPharmacyProjector();
  return events.flatMap((e) => projector.project(e)).map((e) => ({ type: e.type, code: e.data.code, reason: e.data.reason }));
}

describe('createPharmacyProjector', () => {
  it('a 30003 reaches the pharmacy as a rejection, then as a fallback saying why', () => {
    const events = [
      pipelineEvent({ type: 'received', source: 'ingest' }),
      pipelineEvent({ type: 'sent', transport: 'mesh' }),
      ack('inf-ack', '20013', true),
      ack('bus-ack', '30003', false),
      ackVerdict('needs-fallback', '30003'),
      fallbackSent(),
    ];
    expect(project(events)).toEqual([
      { type: 'consultation.accepted', code: undefined, reason: REASON.accepted },
      { type: 'consultation.rejected', code: '30003', reason: ITK_RESPONSE.patientLeft.meaning },
      { type: 'consultation.fallback-sent', code: '30003', reason: `${REASON.fallbackSent}: ${ITK_RESPONSE.patientLeft.meaning}` },
    ]);
  });

  it.each([
    [
      'Update Record switched off (20010)',
      [ack('inf-ack', '20010', false), ackVerdict('needs-fallback', '20010')],
      '20010',
      ITK_RESPONSE.recipientNotSupported.meaning,
    ],
    [
      'no MESH mailbox (EPL-151)',
      [pipelineEvent({ type: 'mesh-report', code: 'EPL-151' }), ackVerdict('needs-fallback', 'EPL-151')],
      'EPL-151',
      MESH_REPORT.noMailbox.meaning,
    ],
    ['no business ack in time', [ackVerdict('needs-fallback', 'bus-ack-timeout')], 'bus-ack-timeout', REASON.busAckTimeout],
    [
      'retries would miss the deadline (engine: details.deadline)',
      [pipelineEvent({ type: 'needs-fallback', transport: 'fhir-rest', code: '503', details: { deadline: '2026-03-11T18:30:00.000Z', attempts: 5 } })],
      '503',
      REASON.deadline,
    ],
  ])('a fallback after %s carries the code and reason', (_name, before, code, reason) => {
    const [fallback] = project([...before, fallbackSent()]).filter((e) => e.type === 'consultation.fallback-sent');
    expect(fallback).toEqual({ type: 'consultation.fallback-sent', code, reason: `${REASON.fallbackSent}: ${reason}` });
  });

  it("does not give one version's cause to a later version's fallback, nor to another consultation", () => {
    const events = [
      ack('inf-ack', '20010', false),
      pipelineEvent({ type: 'received', source: 'ingest', version: 2 }),
      fallbackSent({ version: 2 }),
      fallbackSent({ consultationId: OTHER }),
    ];
    const fallbacks = project(events).filter((e) => e.type === 'consultation.fallback-sent');
    expect(fallbacks).toEqual([
      { type: 'consultation.fallback-sent', code: undefined, reason: REASON.fallbackSent },
      { type: 'consultation.fallback-sent', code: undefined, reason: REASON.fallbackSent },
    ]);
  });

  it("gives a version-less event the consultation's latest version", () => {
    const projector = createPharmacyProjector();
    projector.project(pipelineEvent({ type: 'received', version: 3 }));
    expect(projector.project(pipelineEvent({ type: 'mapping-failed', version: undefined }))[0]?.data.version).toBe(3);
  });

  it('forgets the oldest consultations beyond its bound', () => {
    const projector = createPharmacyProjector({ maxConsultations: 1 });
    projector.project(ack('inf-ack', '20010', false));
    projector.project(pipelineEvent({ type: 'received', consultationId: OTHER }));
    expect(projector.project(fallbackSent())[0]?.data.code).toBeUndefined();
  });
});

describe('fallbackCauseOf', () => {
  it.each([
    ['needs-fallback after an ack', ackVerdict('needs-fallback', '30002'), { code: '30002', reason: ITK_RESPONSE.patientNotKnown.meaning }],
    ['needs-fallback with an unknown code', ackVerdict('needs-fallback', 'odd'), { code: 'odd', reason: REASON.structuredRouteFailed }],
    ['negative inf-ack 20010', ack('inf-ack', '20010', false), { code: '20010', reason: ITK_RESPONSE.recipientNotSupported.meaning }],
    ['negative bus-ack 30003', ack('bus-ack', '30003', false), { code: '30003', reason: ITK_RESPONSE.patientLeft.meaning }],
    ['MESH report 14', pipelineEvent({ type: 'mesh-report', code: '14' }), { code: '14', reason: MESH_REPORT.undelivered.meaning }],
    ['positive ack 20013', ack('inf-ack', '20013', true), undefined],
    ['permanent ack 20009', ack('inf-ack', '20009', false), undefined],
    ['a delivery', pipelineEvent({ type: 'delivered', code: '201' }), undefined],
  ])('%s', (_name, event, cause) => {
    expect(fallbackCauseOf(event)).toEqual(cause);
  });
});

import { createPipelineEvent, type PipelineEvent } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { type AckTimeouts, AckTrackingStore, replayPipelineEvent } from '../src/transport/mesh';

const timeouts: AckTimeouts = { infAckTimeoutMs: 60_000, busAckTimeoutMs: 60_000, maxResends: 1 };
const consultationId = 'c0a80000-0000-4000-8000-0000000000aa';
const base = {
  source: 'delivery' as const,
  consultationId,
  version: 1,
  correlationId: 'corr',
  practiceOds: 'A81001',
  pharmacyOds: 'FVR79',
  service: 'pharmacy-first',
  transport: 'mesh' as const,
};
const ids = { meshMessageId: 'mesh-1', messageHeaderId: 'header-1', senderReference: 'urn:uuid:enc', bundleIdentifier: 'bundle-1' };

const event = (fields: Omit<PipelineEvent, 'eventId' | 'at' | 'source'>, at = '2026-11-23T10:00:00.000Z'): PipelineEvent =>
  createPipelineEvent({ ...base, ...fields, at });

function replay(events: PipelineEvent[]): AckTrackingStore {
  const store = new AckTrackingStore();
  for (const e of events) replayPipelineEvent(store, e, timeouts);
  return store;
}

describe('rebuilding ack tracking from pipeline events', () => {
  it('a sent message with its ids is tracked again from its original send time', () => {
    const store = replay([event({ ...base, type: 'sent', code: 'mesh-accepted', details: { awaitingAcknowledgement: true, ...ids } })]);
    expect(store.forItkAck('header-1', null)?.tracking).toMatchObject({ phase: 'awaiting-inf-ack', sentAt: new Date('2026-11-23T10:00:00.000Z') });
    expect(store.forReport(null, 'bundle-1')?.sent.meshMessageId).toBe('mesh-1');
  });

  it('our own inf-ack events move it on, so the business-ack timeout runs from the recorded 20013', () => {
    const store = replay([
      event({ ...base, type: 'sent', details: { awaitingAcknowledgement: true, ...ids } }),
      event({ ...base, type: 'inf-ack', code: '20013', details: { positive: true, meshMessageId: 'mesh-1' } }, '2026-11-23T10:05:00.000Z'),
    ]);
    expect(store.forItkAck('header-1', null)?.tracking).toMatchObject({ phase: 'awaiting-bus-ack', infAckAt: new Date('2026-11-23T10:05:00.000Z') });
  });

  it('a recorded final outcome closes it', () => {
    const store = replay([
      event({ ...base, type: 'sent', details: { awaitingAcknowledgement: true, ...ids } }),
      event({ ...base, type: 'needs-fallback', code: '20010', details: { acknowledged: true } }),
    ]);
    expect(store.awaiting()).toEqual([]);
    expect(store.forItkAck('header-1', null)?.tracking.phase).toBe('done');
  });

  it('a sent event without the ids (or not over MESH, or not awaiting acks) cannot be tracked', () => {
    const store = replay([
      event({ ...base, type: 'sent', details: { awaitingAcknowledgement: true, bundleIdentifier: 'bundle-1' } }),
      event({ ...base, type: 'sent', transport: 'fhir-rest', details: { awaitingAcknowledgement: true, ...ids } }),
      event({ ...base, type: 'sent', details: { ...ids } }),
    ]);
    expect(store.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { type AckTimeouts, AckTrackingStore, nextAckStep, type SentMessage } from '../src/transport/mesh';

const policy: AckTimeouts = { infAckTimeoutMs: 1_000, busAckTimeoutMs: 1_000, maxResends: 1 };
const t0 = new Date('2026-11-23T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

function sent(meshMessageId: string, version = 1): SentMessage {
  return {
    consultationId: 'c0a80000-0000-4000-8000-000000000001',
    version,
    correlationId: 'corr',
    practiceOds: 'A81001',
    pharmacyOds: 'FVR79',
    service: 'pharmacy-first',
    bundleIdentifier: `bundle-v${version}`,
    messageHeaderId: `header-v${version}`,
    senderReference: 'urn:uuid:encounter',
    meshMessageId,
  };
}

describe('AckTrackingStore', () => {
  it('matches ITK acks by the acknowledged MessageHeader id, else by SenderReference', () => {
    const store = new AckTrackingStore();
    store.register(sent('m1', 1), t0);
    store.register(sent('m2', 2), t0);
    expect(store.forItkAck('header-v1', null)?.sent.meshMessageId).toBe('m1');
    // SenderReference is the same for every version of a consultation: the latest upload wins.
    expect(store.forItkAck('unknown-header', 'urn:uuid:encounter')?.sent.meshMessageId).toBe('m2');
    expect(store.forItkAck('unknown-header', 'urn:uuid:other')).toBeUndefined();
  });

  it('matches MESH reports by the linked MESH message id, else by the local id (Bundle identifier)', () => {
    const store = new AckTrackingStore();
    store.register(sent('m1'), t0);
    expect(store.forReport('m1', null)?.sent.bundleIdentifier).toBe('bundle-v1');
    expect(store.forReport(null, 'bundle-v1')?.sent.meshMessageId).toBe('m1');
    expect(store.forReport('m9', 'bundle-v9')).toBeUndefined();
  });

  it('counts resends across uploads of one version, so a missing inf ack falls back after maxResends', () => {
    const store = new AckTrackingStore();
    const first = store.register(sent('m1'), t0);
    const timedOut = nextAckStep(first.tracking, { kind: 'tick', now: later(1_000) }, policy);
    expect(timedOut.final?.outcome).toBe('retryable');
    store.apply(first, timedOut);

    const second = store.register(sent('m2'), later(2_000));
    expect(second.tracking.resends).toBe(1);
    expect(nextAckStep(second.tracking, { kind: 'tick', now: later(3_000) }, policy).final?.outcome).toBe('needs-fallback');
    // The first upload's entry is finished; only the resend is still awaited.
    expect(store.awaiting().map((e) => e.sent.meshMessageId)).toEqual(['m2']);
  });

  it('keeps finished messages for late acks, then forgets them', () => {
    const store = new AckTrackingStore({ keepDoneMs: 1_000, maxDone: 10 });
    const entry = store.register(sent('m1'), t0);
    store.apply(entry, nextAckStep(entry.tracking, { kind: 'itk', level: 'business', code: '30001', positive: true, at: later(10) }, policy));
    expect(store.prune(later(500))).toBe(0);
    expect(store.forItkAck('header-v1', null)?.tracking.phase).toBe('done');
    expect(store.prune(later(1_010))).toBe(1);
    expect(store.forItkAck('header-v1', null)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  const answer = (store: AckTrackingStore, id: string, version: number, at: Date) => {
    const entry = store.register(sent(id, version), t0);
    store.apply(entry, nextAckStep(entry.tracking, { kind: 'itk', level: 'business', code: '30001', positive: true, at }, policy));
  };
  const timeOut = (store: AckTrackingStore, id: string, version: number) => {
    const entry = store.register(sent(id, version), t0);
    store.apply(entry, nextAckStep(entry.tracking, { kind: 'tick', now: later(1_000) }, { ...policy, maxResends: 0 }));
  };

  it('keeps at most maxDone finished messages, forgetting answered ones before those closed by a timeout', () => {
    const store = new AckTrackingStore({ keepDoneMs: 3_600_000, maxDone: 3 });
    timeOut(store, 't1', 1);
    answer(store, 'a1', 2, later(100));
    answer(store, 'a2', 3, later(200));
    store.register(sent('waiting', 4), t0);
    answer(store, 'a3', 5, later(300));
    // Four finished, three kept: the oldest answered one went, the timed-out one (older still) stays.
    expect(store.size).toBe(4);
    expect(store.forReport('a1', null)).toBeUndefined();
    expect(['t1', 'a2', 'a3', 'waiting'].map((id) => store.forReport(id, null)?.sent.meshMessageId)).toEqual(['t1', 'a2', 'a3', 'waiting']);
    expect(store.forItkAck('header-v2', null)).toBeUndefined();
    // Once only timed-out ones are left past the bound, the oldest of them goes too; awaited ones never do.
    timeOut(store, 't2', 6);
    timeOut(store, 't3', 7);
    timeOut(store, 't4', 8);
    expect(['t1', 't2', 't3', 't4', 'a2', 'a3'].filter((id) => store.forReport(id, null))).toEqual(['t2', 't3', 't4']);
    expect(store.awaiting().map((e) => e.sent.meshMessageId)).toEqual(['waiting']);
  });

  it('applies both bounds as messages finish, without prune (an instance that only follows pipeline events)', () => {
    const store = new AckTrackingStore({ keepDoneMs: 1_000, maxDone: 100 });
    answer(store, 'a1', 1, later(10));
    answer(store, 'a2', 2, later(2_000));
    expect(store.forReport('a1', null)).toBeUndefined();
    expect(store.forReport('a2', null)?.tracking.phase).toBe('done');
  });
});

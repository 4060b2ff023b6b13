import { randomUUID } from 'node:crypto';
import type { FeedRecord, ReceivedWebhook, ReceiverCounts, ReceiverView } from '@firstsync/system-harness';
import { describe, expect, it } from 'vitest';
import { accountWebhooks } from '../src/webhook-accounting';

type PharmacyEvent = ReceivedWebhook['event'];

const A = 'FCA01';
const B = 'FCB02';
const counts = (extra: Partial<ReceiverCounts> = {}): ReceiverCounts => ({
  requests: 0,
  received: 0,
  duplicates: 0,
  invalidSignature: 0,
  malformed: 0,
  wrongPharmacy: 0,
  failedOnPurpose: 0,
  hung: 0,
  ...extra,
});

function event(pharmacyOds: string, consultationId: string, type: PharmacyEvent['type'] = 'consultation.accepted'): PharmacyEvent {
  return { eventId: randomUUID(), type, timestamp: new Date().toISOString(), data: { consultationId, version: 1, pharmacyOds, state: 'accepted' } };
}

const feedOf = (events: readonly PharmacyEvent[], partitionOf: (ods: string) => number = (ods) => (ods === A ? 0 : 1)): FeedRecord[] => {
  const next = new Map<number, number>();
  return events.map((e) => {
    const partition = partitionOf(e.data.pharmacyOds);
    const offset = next.get(partition) ?? 0;
    next.set(partition, offset + 1);
    return { partition, offset: String(offset), event: e };
  });
};

function receiver(ods: string, events: readonly PharmacyEvent[], extra: Partial<ReceiverCounts> = {}): ReceiverView {
  return {
    pharmacyOds: ods,
    counts: counts({ received: events.length, ...extra }),
    events: events.map((e) => ({
      webhookId: e.eventId,
      receivedAt: new Date().toISOString(),
      deliveries: 1,
      wrongPharmacy: e.data.pharmacyOds !== ods,
      event: e,
    })),
  };
}

describe('webhook accounting', () => {
  const c1 = randomUUID();
  const c2 = randomUUID();
  const a1 = event(A, c1);
  const a2 = event(A, c1, 'consultation.delivered');
  const a3 = event(A, c2);
  const b1 = event(B, randomUUID());

  it('counts every feed event of a pharmacy received once as delivered, re-projections as one', () => {
    const result = accountWebhooks({
      pharmacies: [{ ods: A }, { ods: B }],
      feed: feedOf([a1, a2, b1, a3, a2]),
      receivers: [receiver(A, [a1, a3, a2], { duplicates: 2 }), receiver(B, [b1])],
      accepted: new Map([[A, new Set([c1, c2])]]),
    });
    expect(result).toMatchObject({ expected: 4, delivered: 4, lost: 0, duplicatesOnWire: 2, wrongPharmacy: 0, orderViolations: 0, acceptedNotInFeed: 0 });
    // c1 was delivered; c2 has only been accepted so far.
    expect(result.pharmacies[0]?.withoutOutcome).toEqual([c2]);
  });

  it("reports a missing event as lost, another pharmacy's event as wrong, and arrival against feed order", () => {
    const result = accountWebhooks({
      pharmacies: [{ ods: A }, { ods: B }],
      feed: feedOf([a1, a2, b1, a3]),
      receivers: [receiver(A, [a2, a1, b1], { invalidSignature: 1 }), receiver(B, [])],
      accepted: new Map([[B, new Set([b1.data.consultationId, randomUUID()])]]),
    });
    const [forA, forB] = result.pharmacies;
    expect(forA?.lost).toEqual([a3.eventId]);
    expect(forA?.wrongPharmacy).toBe(1);
    expect(forA?.orderViolations).toBe(1);
    expect(forA?.invalidSignatures).toBe(1);
    expect(forB?.lost).toEqual([b1.eventId]);
    expect(forB?.acceptedNotInFeed).toHaveLength(1);
    expect(result).toMatchObject({ expected: 4, delivered: 2, lost: 2, wrongPharmacy: 1, invalidSignatures: 1, orderViolations: 1 });
  });

  it('expects nothing from before the endpoint was created', () => {
    const result = accountWebhooks({
      pharmacies: [{ ods: A, startAfter: new Map([[0, 2n]]) }],
      feed: feedOf([a1, a2, a3]),
      receivers: [receiver(A, [a3])],
    });
    expect(result).toMatchObject({ expected: 1, delivered: 1, lost: 0 });
  });
});

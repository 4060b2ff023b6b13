import { randomUUID } from 'node:crypto';
import type { PharmacyEvent, PharmacyEventType, WebhookAttempt } from '@firstsync/contracts';
import type { FeedEntry } from '../src/feed/feed-store';

/** A pharmacy event as the projection writes it (ids and codes only). */
export function pharmacyEvent(type: PharmacyEventType, fields: { pharmacyOds?: string; consultationId?: string; version?: number } = {}): PharmacyEvent {
  return {
    eventId: randomUUID(),
    type,
    timestamp: '2026-03-10T12:00:00.000Z',
    data: {
      consultationId: fields.consultationId ?? randomUUID(),
      version: fields.version ?? 1,
      pharmacyOds: fields.pharmacyOds ?? 'FA123',
      state: type === 'consultation.delivered' ? 'delivered' : 'accepted',
    },
  };
}

export function feedEntry(offset: bigint, event: PharmacyEvent, partition = 2): FeedEntry {
  return { partition, offset, event };
}

export function attempt(fields: Partial<WebhookAttempt> & Pick<WebhookAttempt, 'eventId' | 'outcome' | 'at'>): WebhookAttempt {
  return {
    attemptId: randomUUID(),
    endpointId: randomUUID(),
    pharmacyOds: 'FA123',
    eventType: 'consultation.accepted',
    consultationId: randomUUID(),
    partition: 2,
    feedOffset: '0',
    attempt: 1,
    durationMs: 5,
    ...fields,
  };
}

import { randomUUID } from 'node:crypto';
import { canonicalJson, consultationFingerprint } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { acceptedRecordFromEvent } from '../src/idempotency/from-consultation-event';
import { type AcceptedRecord, createMemoryIdempotencyStore } from '../src/idempotency/store';
import { pipelineEventFromRecord } from '../src/status/from-pipeline-record';
import { createMemoryTimelineStore } from '../src/status/timeline-store';

// The materialisers read back every record this instance publishes; these checks cover the
// shortcuts that skip work for records the views already hold, and that nothing else is skipped.

const accepted: AcceptedRecord = { consultationId: 'c1', version: 2, fingerprint: 'f2', pharmacyOds: 'FTA01', warnings: [] };

const consultationRecord = (consultation: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ envelope: { schemaVersion: 1, pharmacyOds: 'FTA01', warnings: [] }, consultation }));

const pipelineRecord = (eventId: string, consultationId: string) =>
  Buffer.from(
    JSON.stringify({ eventId, type: 'received', at: '2026-03-11T12:00:00.000Z', source: 'ingest', consultationId, version: 1, pharmacyOds: 'FTA01' }),
  );

describe('idempotency store knows', () => {
  it('says whether this version or a later one is remembered, without refreshing recency', () => {
    const store = createMemoryIdempotencyStore(2);
    store.record(accepted);
    expect(store.knows('c1', 1)).toBe(true);
    expect(store.knows('c1', 2)).toBe(true);
    expect(store.knows('c1', 3)).toBe(false);
    expect(store.knows('other', 1)).toBe(false);
    store.record({ ...accepted, consultationId: 'c2' });
    expect(store.knows('c1', 2)).toBe(true);
    store.record({ ...accepted, consultationId: 'c3' });
    // knows() did not make c1 recent, so it was the one forgotten.
    expect(store.get('c1')).toBeUndefined();
    expect(store.get('c2')).toBeDefined();
  });
});

describe('reading back consultations.v1', () => {
  const consultation = { consultationId: 'c9', version: 4, notes: { b: 'x', a: 'y' } };

  it('skips a record the store already covers', () => {
    const asked: [string, number][] = [];
    const result = acceptedRecordFromEvent(consultationRecord(consultation), (id, version) => {
      asked.push([id, version]);
      return true;
    });
    expect(result).toBeUndefined();
    expect(asked).toEqual([['c9', 4]]);
  });

  it('fingerprints a record the store does not cover, as a re-submission of it would be', () => {
    const result = acceptedRecordFromEvent(consultationRecord(consultation), () => false);
    expect(result).toMatchObject({ consultationId: 'c9', version: 4, pharmacyOds: 'FTA01' });
    expect(result?.fingerprint).toBe(consultationFingerprint({ notes: { a: 'y', b: 'x' }, version: 4, consultationId: 'c9' }));
  });
});

describe('reading back pipeline.events.v1', () => {
  const c1 = randomUUID();

  it('skips an event already in the timeline and parses any other', () => {
    const timelines = createMemoryTimelineStore({ maxConsultations: 10, maxEventsPerConsultation: 10 });
    const known = randomUUID();
    const first = pipelineEventFromRecord(pipelineRecord(known, c1), (id, eventId) => timelines.knows(id, eventId));
    expect(first?.eventId).toBe(known);
    if (first) timelines.add(first);
    expect(timelines.knows(c1, known)).toBe(true);
    expect(pipelineEventFromRecord(pipelineRecord(known, c1), (id, eventId) => timelines.knows(id, eventId))).toBeUndefined();
    const other = randomUUID();
    expect(pipelineEventFromRecord(pipelineRecord(other, c1), (id, eventId) => timelines.knows(id, eventId))?.eventId).toBe(other);
  });

  it('keeps each event once and the first event when the timeline is full', () => {
    const timelines = createMemoryTimelineStore({ maxConsultations: 10, maxEventsPerConsultation: 3 });
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const eventId of [...ids, ids[3] as string]) {
      const event = pipelineEventFromRecord(pipelineRecord(eventId, c1));
      if (event) timelines.add(event);
    }
    expect(timelines.get(c1)?.entries.map((entry) => entry.eventId)).toEqual([ids[0], ids[2], ids[3]]);
    expect(timelines.knows(c1, ids[1] as string)).toBe(false);
  });
});

describe('canonical JSON', () => {
  it('keeps an own "__proto__" member of parsed JSON as a member', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1},"b":1}');
    expect(canonicalJson([undefined, { z: 1, y: undefined }])).toBe('[null,{"z":1}]');
  });
});

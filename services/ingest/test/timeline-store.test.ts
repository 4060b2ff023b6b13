import { randomUUID } from 'node:crypto';
import { createPipelineEvent, type PipelineEvent } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { createMemoryTimelineStore } from '../src/status/timeline-store';

const consultationId = randomUUID();
const received = (): PipelineEvent => createPipelineEvent({ type: 'received', source: 'ingest', consultationId, version: 1, pharmacyOds: 'FTA01' });
const store = () => createMemoryTimelineStore({ maxConsultations: 10, maxEventsPerConsultation: 10 });
const order = (timelines: ReturnType<typeof store>) => timelines.get(consultationId)?.entries.map((entry) => entry.eventId);

describe('memory timeline store', () => {
  // Two ingest instances accepting the same POST at once: each adds its own `received` event on
  // acceptance, then reads both from the topic, where one comes first.
  it('answers in topic order on every instance once its own events are read back', () => {
    const [a, b] = [received(), received()];
    const instanceA = store();
    const instanceB = store();
    instanceA.addOwn(a);
    instanceB.addOwn(b);
    for (const instance of [instanceA, instanceB]) {
      for (const fromTopic of [a, b]) if (!instance.confirm(consultationId, fromTopic.eventId)) instance.add(fromTopic);
    }
    expect(order(instanceA)).toEqual([a.eventId, b.eventId]);
    expect(order(instanceB)).toEqual([a.eventId, b.eventId]);
  });

  it('shows an own event after the events read before it was, until the topic places it', () => {
    const own = received();
    const earlier = received();
    const later = received();
    const timelines = store();
    timelines.addOwn(own);
    timelines.add(earlier);
    expect(order(timelines)).toEqual([earlier.eventId, own.eventId]);
    expect(timelines.confirm(consultationId, own.eventId)).toBe(true);
    timelines.add(later);
    expect(order(timelines)).toEqual([earlier.eventId, own.eventId, later.eventId]);
    expect(timelines.confirm(consultationId, randomUUID())).toBe(false);
  });
});

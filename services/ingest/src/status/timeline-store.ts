import type { PipelineEvent } from '@firstsync/contracts';
import { BoundedLru } from '../idempotency/bounded-lru';

/** The part of a pipeline event that is kept and shown: no operator names or free-form details. */
export type TimelineEntry = Pick<PipelineEvent, 'eventId' | 'type' | 'at' | 'source' | 'version' | 'transport' | 'code' | 'message' | 'attempt'>;

export interface ConsultationTimeline {
  readonly consultationId: string;
  /** The pharmacy that submitted it, from ingest's `received` event (the ownership check for GET). */
  readonly pharmacyOds: string | undefined;
  /** In topic order (per-consultation order is kept by keying pipeline events by consultationId). */
  readonly entries: readonly TimelineEntry[];
}

/**
 * Per-consultation timelines materialised from `pipeline.events.v1`, behind an interface so a
 * shared read model (the dashboard's, or a database) can replace it. Events for consultations this
 * instance never accepted are kept too: events can arrive before the `received` one is read, and
 * another instance may have accepted the consultation.
 */
export interface TimelineStore {
  add(event: PipelineEvent): void;
  get(consultationId: string): ConsultationTimeline | undefined;
}

interface MutableTimeline {
  pharmacyOds: string | undefined;
  entries: TimelineEntry[];
  eventIds: Set<string>;
}

function entryOf(event: PipelineEvent): TimelineEntry {
  const { eventId, type, at, source, version, transport, code, message, attempt } = event;
  const entry: TimelineEntry = { eventId, type, at, source };
  return {
    ...entry,
    ...(version === undefined ? {} : { version }),
    ...(transport === undefined ? {} : { transport }),
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
    ...(attempt === undefined ? {} : { attempt }),
  };
}

/**
 * Bounded twice: at most `maxConsultations` timelines (least recently touched forgotten first) and
 * at most `maxEventsPerConsultation` entries each (the oldest dropped, except the first, which
 * records when the consultation was received).
 */
export function createMemoryTimelineStore({ maxConsultations, maxEventsPerConsultation }: { maxConsultations: number; maxEventsPerConsultation: number }): TimelineStore {
  const timelines = new BoundedLru<string, MutableTimeline>(maxConsultations);
  return {
    add(event) {
      if (event.consultationId === undefined) return;
      const timeline = timelines.get(event.consultationId) ?? { pharmacyOds: undefined, entries: [], eventIds: new Set<string>() };
      if (timeline.eventIds.has(event.eventId)) return;
      timeline.eventIds.add(event.eventId);
      timeline.entries.push(entryOf(event));
      if (timeline.entries.length > Math.max(2, maxEventsPerConsultation)) {
        const [dropped] = timeline.entries.splice(1, 1);
        if (dropped) timeline.eventIds.delete(dropped.eventId);
      }
      if (event.type === 'received' && event.source === 'ingest' && timeline.pharmacyOds === undefined) timeline.pharmacyOds = event.pharmacyOds;
      timelines.set(event.consultationId, timeline);
    },
    get(consultationId) {
      const timeline = timelines.get(consultationId);
      if (!timeline) return undefined;
      return { consultationId, pharmacyOds: timeline.pharmacyOds, entries: [...timeline.entries] };
    },
  };
}

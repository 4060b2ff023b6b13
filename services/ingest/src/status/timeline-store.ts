import type { PipelineEvent } from '@firstsync/contracts';
import { BoundedLru } from '../idempotency/bounded-lru';

/** The part of a pipeline event that is kept and shown: no operator names or free-form details. */
export type TimelineEntry = Pick<PipelineEvent, 'eventId' | 'type' | 'at' | 'source' | 'version' | 'transport' | 'code' | 'message' | 'attempt'>;

export interface ConsultationTimeline {
  readonly consultationId: string;
  /** The pharmacy that submitted it, from ingest's `received` event (the ownership check for GET). */
  readonly pharmacyOds: string | undefined;
  /**
   * In topic order (per-consultation order is kept by keying pipeline events by consultationId),
   * then this instance's own events not read back yet.
   */
  readonly entries: readonly TimelineEntry[];
}

/**
 * Per-consultation timelines materialised from `pipeline.events.v1`, behind an interface so a
 * shared read model (the dashboard's, or a database) can replace it. Events for consultations this
 * instance never accepted are kept too: events can arrive before the `received` one is read, and
 * another instance may have accepted the consultation.
 */
export interface TimelineStore {
  /** An event read from the topic: it goes after every event read before it. */
  add(event: PipelineEvent): void;
  /**
   * This instance's own `received` event, on acceptance, before it is read back: it stays after
   * the events read from the topic until `confirm` finds it there. Two instances accepting the same
   * POST at once each add their own first, so placing it on arrival would order them differently.
   */
  addOwn(event: PipelineEvent): void;
  /**
   * Whether an event read from the topic is already in the timeline (it then needs no contract
   * parse): an own event not yet read back takes its topic place now.
   */
  confirm(consultationId: string, eventId: string): boolean;
  get(consultationId: string): ConsultationTimeline | undefined;
  /** Whether the event is in the consultation's timeline, touching neither its recency nor the event's place. */
  knows(consultationId: string, eventId: string): boolean;
}

interface MutableTimeline {
  pharmacyOds: string | undefined;
  // No per-timeline Set of event ids: a timeline holds a handful of entries (at most
  // maxEventsPerConsultation), so a scan is as quick, and a Set per consultation was the largest
  // part of the store's memory.
  entries: TimelineEntry[];
  /** Entries before this index were read from the topic, in its order; the rest are own events not read back yet. */
  readBack: number;
}

// Event types, sources and transports come from small fixed sets, but every record read from Kafka
// brings its own copies of the strings; one shared copy each keeps 100k timelines smaller.
const interned = new Map<string, string>();
const MAX_INTERNED = 256;
function intern<T extends string>(text: T): T {
  const known = interned.get(text);
  if (known !== undefined) return known as T;
  if (interned.size < MAX_INTERNED) interned.set(text, text);
  return text;
}

type MutableEntry = { -readonly [K in keyof TimelineEntry]: TimelineEntry[K] };

/** What a timeline keeps of an event (whichever store holds it). */
export function timelineEntryOf(event: PipelineEvent): TimelineEntry {
  // Built by assignment rather than by spreading one object per optional field: one object per
  // entry instead of up to six, and it stays a compact object in the heap.
  const entry: MutableEntry = { eventId: event.eventId, type: intern(event.type), at: event.at, source: intern(event.source) };
  if (event.version !== undefined) entry.version = event.version;
  if (event.transport !== undefined) entry.transport = intern(event.transport);
  if (event.code !== undefined) entry.code = event.code;
  if (event.message !== undefined) entry.message = event.message;
  if (event.attempt !== undefined) entry.attempt = event.attempt;
  return entry;
}

/**
 * Bounded twice: at most `maxConsultations` timelines (least recently touched forgotten first) and
 * at most `maxEventsPerConsultation` entries each (the oldest dropped, except the first, which
 * records when the consultation was received).
 */
export function createMemoryTimelineStore({
  maxConsultations,
  maxEventsPerConsultation,
}: {
  maxConsultations: number;
  maxEventsPerConsultation: number;
}): TimelineStore {
  const timelines = new BoundedLru<string, MutableTimeline>(maxConsultations);

  function insert(event: PipelineEvent, own: boolean): void {
    if (event.consultationId === undefined) return;
    const timeline = timelines.get(event.consultationId) ?? { pharmacyOds: undefined, entries: [], readBack: 0 };
    if (timeline.entries.some((entry) => entry.eventId === event.eventId)) return;
    if (own) timeline.entries.push(timelineEntryOf(event));
    else {
      timeline.entries.splice(timeline.readBack, 0, timelineEntryOf(event));
      timeline.readBack += 1;
    }
    if (timeline.entries.length > Math.max(2, maxEventsPerConsultation)) {
      timeline.entries.splice(1, 1);
      if (timeline.readBack > 1) timeline.readBack -= 1;
    }
    if (event.type === 'received' && event.source === 'ingest' && timeline.pharmacyOds === undefined)
      timeline.pharmacyOds = event.pharmacyOds === undefined ? undefined : intern(event.pharmacyOds);
    timelines.set(event.consultationId, timeline);
  }

  return {
    add: (event) => insert(event, false),
    addOwn: (event) => insert(event, true),
    confirm(consultationId, eventId) {
      const timeline = timelines.peek(consultationId);
      const at = timeline?.entries.findIndex((entry) => entry.eventId === eventId) ?? -1;
      if (timeline === undefined || at === -1) return false;
      if (at >= timeline.readBack) {
        const [entry] = timeline.entries.splice(at, 1);
        if (entry) timeline.entries.splice(timeline.readBack, 0, entry);
        timeline.readBack += 1;
      }
      return true;
    },
    knows(consultationId, eventId) {
      return timelines.peek(consultationId)?.entries.some((entry) => entry.eventId === eventId) === true;
    },
    get(consultationId) {
      const timeline = timelines.get(consultationId);
      if (!timeline) return undefined;
      return { consultationId, pharmacyOds: timeline.pharmacyOds, entries: [...timeline.entries] };
    },
  };
}

import type { PipelineEvent } from '@firstsync/contracts';
import { type KafkaClient, type Materialised, materialise } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { pipelineEventFromRecord } from './from-pipeline-record';
import { type ConsultationTimeline, createMemoryTimelineStore } from './timeline-store';

/**
 * How far the status view may trail pipeline.events to read it in batches (materialise's
 * patienceMs). Ingest's own `received` event is in the view at acceptance; the later ones (mapped,
 * delivered, filed) are seconds to days apart, and the status answer is 503 only past
 * INGEST_STATUS_MAX_LAG_MS (30 s). Read record by record it cost a quarter of ingest's CPU at 50/s.
 */
export const STATUS_VIEW_PATIENCE_MS = 250;

export interface FollowOptions {
  /** pipeline.events.v1 under this deployment's prefix. */
  readonly topic: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /** Told once a record (or the last of a batch) is in the view, and of what a store already holds at start: how current it is (freshness.ts). */
  readonly onApplied?: (partition: number, offset: string) => void;
}

/**
 * Where GET /v1/consultations/{id} reads its timelines: bounded in this process's memory, or a read
 * store every instance shares (store-timelines.ts). Both are fed from pipeline.events.v1.
 */
export interface StatusTimelines {
  /** What backs it, for the start-up log (never a URL: it may hold a password). */
  readonly kind: 'memory' | 'pglite' | 'postgres';
  /**
   * Days a consultation's status is kept after its last event, which a 404 then names; undefined
   * in memory, which keeps the latest consultations by count and promises no period.
   */
  readonly retentionDays: number | undefined;
  /** Ingest's own `received` event, on acceptance: the status exists as soon as the 202 is sent. */
  add(event: PipelineEvent): Promise<void>;
  get(consultationId: string): Promise<ConsultationTimeline | undefined>;
  /** Starts following the topic; the view's `caughtUp` says when it reached the end it saw at start. */
  follow(kafka: KafkaClient, logger: Logger, options: FollowOptions): Promise<Materialised>;
  /** Releases the store's connection (nothing to release in memory). */
  close(): Promise<void>;
}

/** Today's single-process view: bounded timelines rebuilt from the beginning of the topic at every start. */
export function memoryStatusTimelines(bounds: { maxConsultations: number; maxEventsPerConsultation: number }): StatusTimelines {
  const timelines = createMemoryTimelineStore(bounds);
  return {
    kind: 'memory',
    retentionDays: undefined,
    add: async (event) => {
      timelines.addOwn(event);
    },
    get: async (consultationId) => timelines.get(consultationId),
    follow: (kafka, logger, options) =>
      materialise(kafka, logger, {
        name: 'status-timelines',
        groupIdPrefix: 'ingest.status-timelines.',
        topics: [options.topic],
        patienceMs: STATUS_VIEW_PATIENCE_MS,
        sessionTimeoutMs: options.sessionTimeoutMs,
        heartbeatIntervalMs: options.heartbeatIntervalMs,
        apply: (record) => {
          try {
            const event = pipelineEventFromRecord(record.value, (consultationId, eventId) => timelines.confirm(consultationId, eventId));
            if (event) timelines.add(event);
          } finally {
            // A record that throws is skipped for good (materialise's default): the view is past it either way.
            options.onApplied?.(record.partition, record.offset);
          }
        },
      }),
    close: async () => {},
  };
}

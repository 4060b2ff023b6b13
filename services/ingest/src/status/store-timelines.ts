import { compareEvents, isVisibleToPharmacy } from '@firstsync/consultation-lifecycle';
import type { Clock, PipelineEvent } from '@firstsync/contracts';
import { type IncomingRecord, type Materialised, materialise, resumePoints } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { EventTags, ReadStore } from '@firstsync/read-store';
import { pipelineEventFromRecord } from './from-pipeline-record';
import { STATUS_VIEW_PATIENCE_MS, type StatusTimelines } from './status-timelines';
import { type ConsultationTimeline, timelineEntryOf } from './timeline-store';

/** Names this view's offsets in the store: one position per partition, shared by every instance. */
export const STATUS_CONSUMER = 'ingest-status';
const DAY_MS = 86_400_000;
/** Consultations forgotten per prune statement: short transactions, so requests are not held up. */
const PRUNE_BATCH = 500;
const UNTAGGED: EventTags = { practiceSignal: false, audit: false };

type ConsultationEvent = PipelineEvent & { consultationId: string };

/** Only what a pharmacy may see is stored: events of a consultation, not operator audit records. */
const isStored = (event: PipelineEvent): event is ConsultationEvent => event.consultationId !== undefined && isVisibleToPharmacy(event);

/** What the store keeps of an event: what the timeline shows plus whose it is (never operator names or details). */
function storedEventOf(event: ConsultationEvent): PipelineEvent {
  const stored: PipelineEvent = { ...timelineEntryOf(event), consultationId: event.consultationId };
  if (event.pharmacyOds !== undefined) stored.pharmacyOds = event.pharmacyOds;
  return stored;
}

/**
 * A consultation's stored events as its timeline. The store keeps no topic order, so they are put
 * in the total order every reader uses (instant, then pipeline order): the status is the same
 * whichever instance stored which event. The owner is the pharmacy in ingest's `received` event.
 */
export function timelineOfEvents(consultationId: string, events: readonly PipelineEvent[]): ConsultationTimeline | undefined {
  if (events.length === 0) return undefined;
  const ordered = [...events].sort(compareEvents);
  const received = ordered.find((event) => event.type === 'received' && event.source === 'ingest');
  return { consultationId, pharmacyOds: received?.pharmacyOds, entries: ordered.map(timelineEntryOf) };
}

export interface StoreStatusTimelines extends StatusTimelines {
  /** Forgets consultations whose last event is older than the retention (also run by `follow`, periodically); resolves to how many. */
  prune(logger: Logger): Promise<number>;
}

export interface StoreTimelinesOptions {
  readonly kind: 'pglite' | 'postgres';
  readonly retentionDays: number;
  readonly pruneIntervalMs: number;
  readonly clock: Clock;
}

/**
 * Timelines in a read store (@firstsync/read-store, ingest's own schema). Every instance projects
 * the whole topic into it, one transaction per partition batch holding the batch's events (once
 * per eventId, whoever writes first) and the offset after them, and resumes from the stored offsets
 * at restart, as the dashboard's store read model does. So every instance answers from the same
 * rows, and nothing is forgotten before the retention of the topic it comes from; consultations
 * older than that are pruned (by the clock, hourly by default) and answered as unknown.
 */
export function storeStatusTimelines(store: ReadStore, options: StoreTimelinesOptions): StoreStatusTimelines {
  const retentionMs = options.retentionDays * DAY_MS;

  async function writeBatch(records: readonly IncomingRecord[]): Promise<void> {
    const last = records.at(-1);
    if (!last) return;
    const events = records
      .map((record) => pipelineEventFromRecord(record.value))
      .filter((event): event is ConsultationEvent => event !== undefined && isStored(event));
    // One statement for the batch's events, not one each: a round trip per event held the projection
    // to ~840 events/s on a loaded 2-core machine, and a 70/s soak left it 2.5 min behind
    // (scripts/bench-status-projection.ts measures it).
    await store.transaction(async (tx) => {
      await tx.insertEvents(events.map((event) => ({ event: storedEventOf(event), tags: UNTAGGED })));
      await tx.saveOffset({ consumer: STATUS_CONSUMER, topic: last.topic, partition: last.partition, nextOffset: (BigInt(last.offset) + 1n).toString() });
    });
  }

  /** Forgets what is older than the retention, a few hundred consultations per statement. */
  async function prune(logger: Logger): Promise<number> {
    const cutoffMs = options.clock.now().getTime() - retentionMs;
    let forgotten = 0;
    for (;;) {
      const n = await store.prune(cutoffMs, PRUNE_BATCH);
      forgotten += n;
      if (n < PRUNE_BATCH) break;
    }
    if (forgotten > 0) logger.info({ consultations: forgotten, retentionDays: options.retentionDays }, 'status store: forgot consultations past retention');
    return forgotten;
  }

  return {
    kind: options.kind,
    retentionDays: options.retentionDays,
    prune,
    async add(event) {
      if (isStored(event)) await store.transaction((tx) => tx.insertEvent(storedEventOf(event), UNTAGGED));
    },
    async get(consultationId) {
      return timelineOfEvents(consultationId, await store.timeline(consultationId));
    },
    async follow(kafka, logger, follow): Promise<Materialised> {
      const log = logger.child({ component: 'status-store' });
      const stored = (await store.offsets(STATUS_CONSUMER)).filter((p) => p.topic === follow.topic);
      const startOffsets = await resumePoints(
        kafka,
        log,
        stored.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.nextOffset })),
      );
      log.info({ partitions: startOffsets.length }, 'status store resumes from its stored offsets');
      for (const start of startOffsets) if (BigInt(start.offset) > 0n) follow.onApplied?.(start.partition, (BigInt(start.offset) - 1n).toString());
      const view = await materialise(kafka, logger, {
        name: 'status-store',
        groupIdPrefix: 'ingest.status-store.',
        topics: [follow.topic],
        patienceMs: STATUS_VIEW_PATIENCE_MS,
        startOffsets,
        sessionTimeoutMs: follow.sessionTimeoutMs,
        heartbeatIntervalMs: follow.heartbeatIntervalMs,
        // A failed write (the server restarting) is tried again until it is stored: the stored
        // offsets must never pass events that are not in the store.
        failedApply: 'retry',
        applyBatch: async (records) => {
          await writeBatch(records);
          const last = records.at(-1);
          if (last) follow.onApplied?.(last.partition, last.offset);
        },
      });
      // Every instance prunes (deleting is idempotent); one prune at a time per instance.
      let pruning: Promise<void> | undefined;
      const pruneNow = () => {
        pruning ??= prune(log)
          .then(() => undefined)
          .catch((err: unknown) => log.warn({ err }, 'status store prune failed; next try at the next interval'))
          .finally(() => {
            pruning = undefined;
          });
      };
      pruneNow();
      const timer = setInterval(pruneNow, options.pruneIntervalMs);
      timer.unref();
      return {
        get caughtUp() {
          return view.caughtUp;
        },
        reached: view.reached,
        catchUp: (timeoutMs) => view.catchUp(timeoutMs),
        get running() {
          return view.running;
        },
        async stop() {
          clearInterval(timer);
          await pruning;
          await view.stop();
        },
      };
    },
    close: () => store.close(),
  };
}

import type { Clock } from '@firstsync/contracts';
import { type KafkaClient, topicOffsets } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';

/** Per partition holding records, the offset the next record will get (the topic's end then). */
export type PartitionEnds = ReadonlyMap<number, bigint>;

/**
 * How current this instance's view of pipeline.events.v1 is: a watermark, not a guess. The topic's
 * end is sampled every few moments; once the view has applied everything up to a sample's end, every
 * event published before that sample's instant is in the view, so that instant is `asOf`.
 */
export interface FreshnessTracker {
  /** The record at `offset` of `partition` (or the last of a batch) is in the view. */
  applied(partition: number, offset: string): void;
  /** The topic's ends, asked for at `atMs` (an instant taken before asking, so nothing later counts). */
  sample(atMs: number, ends: PartitionEnds): void;
  /** The view has applied everything the topic held at `atMs` (its start: materialise's `reached`). */
  reached(atMs: number): void;
  /** Every event published before this instant is in the view; undefined until that is first established. */
  asOf(): Date | undefined;
}

/** Samples kept while the view is behind: 10 min at one a second; past it the newest is replaced (asOf only gets older). */
const MAX_PENDING = 600;

/** Pure bookkeeping: no timers, no I/O (sampleTopicEnds feeds it). */
export function freshnessTracker(): FreshnessTracker {
  const applied = new Map<number, bigint>();
  let pending: { atMs: number; ends: PartitionEnds }[] = [];
  let asOfMs: number | undefined;
  const covered = (ends: PartitionEnds) => [...ends].every(([partition, end]) => (applied.get(partition) ?? -1n) >= end - 1n);
  const advance = (atMs: number) => {
    asOfMs = Math.max(asOfMs ?? atMs, atMs);
  };
  return {
    applied(partition, offset) {
      const at = BigInt(offset);
      if (at > (applied.get(partition) ?? -1n)) applied.set(partition, at);
    },
    sample(atMs, ends) {
      if (pending.length >= MAX_PENDING) pending[pending.length - 1] = { atMs, ends };
      else pending.push({ atMs, ends });
      // The newest sample the view has reached sets asOf; it and every older one are done with.
      const reached = pending.findLastIndex((s) => covered(s.ends));
      const newest = pending[reached];
      if (newest === undefined) return;
      advance(newest.atMs);
      pending = pending.slice(reached + 1);
    },
    reached: advance,
    asOf: () => (asOfMs === undefined ? undefined : new Date(asOfMs)),
  };
}

export interface SampleOptions {
  readonly topic: string;
  readonly intervalMs: number;
  /** Behind by more than this, the status endpoint answers 503; logged when crossed either way. */
  readonly maxLagMs: number;
  readonly clock: Clock;
}

/**
 * Asks the broker for the topic's end every `intervalMs` (one request at a time: a slow or absent
 * broker never piles requests up; asOf then stops moving, and the lag grows as it should).
 */
export function sampleTopicEnds(kafka: KafkaClient, logger: Logger, tracker: FreshnessTracker, options: SampleOptions): { stop(): void } {
  const log = logger.child({ component: 'status-freshness' });
  let asking = false;
  let behind = false;
  const tick = async () => {
    if (asking) return;
    asking = true;
    const atMs = options.clock.now().getTime();
    try {
      // Asked again for a few seconds while a partition has no leader (a topic just created, a broker restarting).
      const ranges = await topicOffsets(kafka, options.topic, { withinMs: 5_000 });
      tracker.sample(atMs, new Map(ranges.filter((r) => BigInt(r.high) > BigInt(r.low)).map((r) => [r.partition, BigInt(r.high)])));
    } catch (err) {
      log.debug({ err }, 'topic end not read; asOf stays where it was');
    } finally {
      asking = false;
    }
    const asOf = tracker.asOf();
    if (asOf === undefined) return;
    const lagMs = options.clock.now().getTime() - asOf.getTime();
    if (lagMs > options.maxLagMs !== behind) {
      behind = !behind;
      if (behind) log.warn({ lagMs, maxLagMs: options.maxLagMs }, 'status view behind pipeline.events: GET answers 503 until it catches up');
      else log.info({ lagMs }, 'status view current again');
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

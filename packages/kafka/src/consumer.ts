import type { Logger } from '@firstsync/logging';
import type { KafkaClient } from './port';
import { tracedConsumer } from './tracing';

export interface IncomingRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Broker timestamp, ms since epoch. */
  readonly timestamp: number;
}

export interface BatchContext {
  /** Marks a record done: its offset may be committed. Records are always done in order. */
  markDone(record: IncomingRecord): void;
  heartbeat(): Promise<void>;
  /** Pauses this batch's partition; records not marked done are fetched again after resume(). */
  pause(): () => void;
  /** False once the consumer is stopping or the partition was revoked: stop early, leave the rest. */
  shouldContinue(): boolean;
  /**
   * Commits what is marked done now. For work finished after the handler returned (a paused slow
   * partition): otherwise its offsets wait for the next batch of that partition, and a crash in
   * between replays them.
   */
  commit(): Promise<void>;
}

/**
 * Handles one partition's batch. Records the handler did not mark done are delivered again (after a
 * restart, a rebalance or a resume), so a handler marks a record done only once its outcome is
 * itself durably in Kafka.
 */
export type BatchHandler = (records: readonly IncomingRecord[], context: BatchContext) => Promise<void>;

/** How a group member proves it is alive: the two ConsumerOptions a service's config sets. */
export type GroupSession = Pick<ConsumerOptions, 'sessionTimeoutMs' | 'heartbeatIntervalMs'>;

/**
 * The least one whole fetch (every partition together) may carry: kafkajs' default, 10 MiB. A
 * consumer whose partition budget is larger gets that instead (the outcomes absorber's 16 MiB).
 */
export const WHOLE_FETCH_MIN_BYTES = 10_485_760;

/**
 * A partition's fetch when the consumer sets none: 256 KiB, a quarter of the clients' own default.
 * What one fetch returns is held whole until its last record is garbage (records are slices of the
 * response), so a consumer catching up on six partitions at 1 MiB each held 6 MiB per fetch in every
 * view of every service. 256 KiB is still hundreds of pipeline events or ~18 Update Records per
 * partition per round trip. A consumer that writes a batch per transaction asks for more itself.
 */
export const DEFAULT_FETCH_BYTES_PER_PARTITION = 262_144;

export interface ConsumerOptions {
  groupId: string;
  topics: readonly string[];
  fromBeginning?: boolean;
  /** Partitions handled at once; per-partition order is always kept. */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Largest fetch of one partition; DEFAULT_FETCH_BYTES_PER_PARTITION when absent. */
  maxBytesPerPartition?: number;
  /**
   * Longest a fetch waits on the broker for new records (with minBytes 1, records that arrive end
   * the wait at once). kafkajs also sleeps this long whenever every partition is paused, so it bounds
   * how late a resumed partition starts again and how long stop() waits for a fetch in hand.
   */
  maxWaitTimeInMs?: number;
  /**
   * Bytes the broker gathers before it answers a fetch, unless maxWaitTimeInMs passes first. Default
   * 1: any record ends the wait. Larger trades up to maxWaitTimeInMs of lag for fewer, fuller fetches
   * at low rates, where each record otherwise costs a fetch round trip of its own in every consumer
   * (materialise's patienceMs; only for consumers off the latency path).
   */
  minBytes?: number;
  /**
   * Called with this member's whole assignment after every group join (sorted; [] when it got no
   * partition), and with [] when the consumer stops or crashes (a restart then joins again). For a
   * service that owns what its partitions stand for (pharmacy-notify delivers the webhooks of the
   * pharmacies keyed to its partitions). During a rebalance the old and the new owner may overlap
   * briefly: ownership is at-least-once, never exactly-once.
   */
  onAssignment?: (partitions: readonly TopicPartition[]) => void;
  /**
   * Where to start reading these partitions, once, when this consumer starts (each partition left
   * out starts from the group's committed offset, or per fromBeginning); later rejoins resume from
   * what was committed since. For a group of this consumer's own (materialise's fresh group resuming
   * from the offsets its view stored): in a shared group it would move every member's position.
   */
  startOffsets?: readonly PartitionStart[];
  /**
   * Commit what is done at most this often instead of after every batch. For views (materialise):
   * a group of their own that no later process reads, so the group's offsets matter only to a
   * rejoin of this member, which then reads again at most this much of what it applied (views apply
   * idempotently, as every consumer is at-least-once). A commit per batch made views the largest
   * source of OffsetCommit requests (ingest: 1.35 per consultation, more than its fetches), each a
   * write to the broker's __consumer_offsets log. Absent: every batch (the pipeline's hops, whose
   * commit follows their outputs). BatchContext.commit() still commits at once; stop() does not.
   */
  commitIntervalMs?: number;
}

/** A partition and the offset of the next record to read from it (decimal string: offsets are 64-bit). */
export interface PartitionStart {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface RecordConsumer {
  start(handler: BatchHandler): Promise<void>;
  /** Finishes the batch in hand, commits what is done, leaves the group. */
  stop(): Promise<void>;
  pause(topic: string, partitions?: number[]): void;
  resume(topic: string, partitions?: number[]): void;
  readonly running: boolean;
}

/**
 * Hands an assignment to options.onAssignment (for the adapters): sorted, and never letting a
 * throwing listener break the consumer's group protocol.
 */
export function reportAssignment(options: ConsumerOptions, logger: Logger, partitions: readonly TopicPartition[]): void {
  if (!options.onAssignment) return;
  const sorted = [...partitions].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  try {
    options.onAssignment(sorted);
  } catch (err) {
    logger.error({ err, groupId: options.groupId }, 'kafka consumer onAssignment listener failed');
  }
}

export function createRecordConsumer(kafka: KafkaClient, logger: Logger, options: ConsumerOptions): RecordConsumer {
  // Every batch runs inside a consumer span when tracing is on (tracing.ts).
  return tracedConsumer(kafka.createConsumer(logger, options));
}

/**
 * Adapts a one-record handler: records are handled in order, each marked done as soon as its
 * handler resolves, so a crash mid-batch replays only the unfinished tail.
 */
export function eachRecord(handle: (record: IncomingRecord) => Promise<void>): BatchHandler {
  return async (records, context) => {
    for (const record of records) {
      if (!context.shouldContinue()) return;
      await handle(record);
      context.markDone(record);
      await context.heartbeat();
    }
  };
}

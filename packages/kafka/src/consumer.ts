import type { Logger } from '@firstsync/logging';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { decodeHeaders } from './headers';

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

export interface ConsumerOptions {
  groupId: string;
  topics: readonly string[];
  fromBeginning?: boolean;
  /** Partitions handled at once; per-partition order is always kept. */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxBytesPerPartition?: number;
  /**
   * Longest a fetch waits on the broker for new records (minBytes is 1, so records that arrive end
   * the wait at once). kafkajs also sleeps this long whenever every partition is paused, so it bounds
   * how late a resumed partition starts again and how long stop() waits for a fetch in hand.
   */
  maxWaitTimeInMs?: number;
}

export interface RecordConsumer {
  start(handler: BatchHandler): Promise<void>;
  /** Finishes the batch in hand, commits what is done, leaves the group. */
  stop(): Promise<void>;
  pause(topic: string, partitions?: number[]): void;
  resume(topic: string, partitions?: number[]): void;
  readonly running: boolean;
}

function toRecord(topic: string, partition: number, message: EachBatchPayload['batch']['messages'][number]): IncomingRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: decodeHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

export function createRecordConsumer(kafka: Kafka, logger: Logger, options: ConsumerOptions): RecordConsumer {
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
    // kafkajs defaults to 5 s: a resumed partition (delivery pauses slow or not-yet-due work) then
    // waited up to 5 s, and so did stop(). An idle consumer costs one empty fetch per 100 ms.
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
    allowAutoTopicCreation: false,
  });
  let running = false;

  consumer.on(consumer.events.CRASH, (event) => {
    logger.error({ err: event.payload.error, groupId: options.groupId, restart: event.payload.restart }, 'kafka consumer crashed');
  });

  return {
    get running() {
      return running;
    },
    async start(handler) {
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
      running = true;
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const records = batch.messages.map((m) => toRecord(batch.topic, batch.partition, m));
          await handler(records, {
            markDone: (record) => payload.resolveOffset(record.offset),
            heartbeat: () => payload.heartbeat(),
            pause: () => payload.pause(),
            shouldContinue: () => payload.isRunning() && !payload.isStale(),
            commit: () => payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()),
          });
          await payload.commitOffsetsIfNecessary();
        },
      });
    },
    async stop() {
      running = false;
      await consumer.disconnect();
    },
    pause(topic, partitions) {
      consumer.pause([{ topic, ...(partitions ? { partitions } : {}) }]);
    },
    resume(topic, partitions) {
      consumer.resume([{ topic, ...(partitions ? { partitions } : {}) }]);
    },
  };
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

import { randomUUID } from 'node:crypto';
import type { Logger } from '@firstsync/logging';
import { topicOffsets } from './admin';
import { type BatchContext, createRecordConsumer, type IncomingRecord, type PartitionStart } from './consumer';
import { offsetWatch, partitionKey } from './offset-watch';
import type { KafkaClient } from './port';

/** How often a view commits its group's offsets (ConsumerOptions.commitIntervalMs says why so rarely). */
const VIEW_COMMIT_INTERVAL_MS = 5_000;

/**
 * What a patient view's fetch gathers before the broker answers (unless patienceMs passes first):
 * about a hundred pipeline events, so a busy topic is still read as fast as it is written.
 */
export const PATIENT_VIEW_FETCH_MIN_BYTES = 65_536;

interface MaterialiseCommon {
  /** Names the view in logs. */
  readonly name: string;
  /** A fresh random id is appended: every start reads from the beginning in a group of its own. */
  readonly groupIdPrefix: string;
  readonly topics: readonly string[];
  /**
   * Partitions the view already holds up to an offset (a persistent view stores them with what it
   * applied): read from there on instead of from the beginning. Every other partition is read whole.
   */
  readonly startOffsets?: readonly PartitionStart[];
  /**
   * What a throwing apply means. `skip` (default): the record is bad for this view; log it and go
   * on (a view in memory that stopped on one record would never catch up). `retry`: the view's own
   * store failed (a database restarting); try the same records again, backing off, until they are
   * applied or the view stops: a view in a database must never move past what it did not store.
   */
  readonly failedApply?: 'skip' | 'retry';
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  /** Largest fetch of one partition (DEFAULT_FETCH_BYTES_PER_PARTITION when absent): with applyBatch, the most one batch can hold. */
  readonly maxBytesPerPartition?: number;
  /**
   * How far behind the topic this view may fall so it reads in batches: the broker holds each fetch
   * until it has PATIENT_VIEW_FETCH_MIN_BYTES or this many ms have passed. Absent: every record is
   * fetched as soon as it is written. At low rates a view otherwise costs a fetch round trip per
   * record (ingest's status view: 27 % of ingest's CPU per consultation at 50/s). Only for views
   * nothing waits on record by record (catchUp() then waits up to this long more).
   */
  readonly patienceMs?: number;
}

export type MaterialiseOptions = MaterialiseCommon &
  (
    | {
        /**
         * Applies one record to the view, in order per partition. A record it throws on is logged and
         * skipped: a view that stopped on one record would never catch up.
         */
        readonly apply: (record: IncomingRecord) => void | Promise<void>;
      }
    | {
        /**
         * Applies one partition's batch at once (a view in a database: one transaction per batch
         * instead of one per record). A batch it throws on is logged and skipped, as a record is.
         */
        readonly applyBatch: (records: readonly IncomingRecord[]) => Promise<void>;
      }
  );

export interface Materialised {
  /** True once `reached` resolved. */
  readonly caughtUp: boolean;
  /** Resolves once every topic was read up to where it ended when materialise was called. */
  readonly reached: Promise<void>;
  /** Resolves once everything written before the call has been applied (read-your-writes). */
  catchUp(timeoutMs: number): Promise<void>;
  readonly running: boolean;
  stop(): Promise<void>;
}

type Ends = Map<string, bigint>;

/** A view that did not reach the end offsets in time: slow (a loaded machine, a long backlog), not broken. */
export class NotCaughtUpError extends Error {
  override readonly name = 'NotCaughtUpError';
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Per non-empty partition, the offset the next record will get (a partition emptied by retention has nothing to read). */
async function endOffsets(kafka: KafkaClient, topics: readonly string[]): Promise<Ends> {
  const ends: Ends = new Map();
  for (const topic of topics) {
    for (const { partition, high, low } of await topicOffsets(kafka, topic)) {
      if (BigInt(high) > BigInt(low)) ends.set(partitionKey(topic, partition), BigInt(high));
    }
  }
  return ends;
}

/**
 * Reads topics from the beginning (or from options.startOffsets) into a view and keeps following
 * them. Each start uses a consumer group of its own (every instance needs every record, and a view
 * in memory must read from the beginning again); a view keeps its own position (in memory, or stored
 * with what it applied), so marking records done at once loses nothing.
 * The end offsets are taken before consuming starts, so "caught up" always terminates.
 */
export async function materialise(kafka: KafkaClient, logger: Logger, options: MaterialiseOptions): Promise<Materialised> {
  const log = logger.child({ component: options.name });
  const watch = offsetWatch();

  // What the view holds already counts as applied: a partition resumed at its end is caught up.
  for (const { topic, partition, offset } of options.startOffsets ?? []) {
    if (BigInt(offset) > 0n) watch.observe(topic, partition, (BigInt(offset) - 1n).toString());
  }
  const startEnds = await endOffsets(kafka, options.topics);
  let caughtUp = false;
  let count = 0;
  const reached = watch.waitFor(startEnds).promise.then(() => {
    caughtUp = true;
    log.info({ records: count }, 'caught up with topics');
  });

  const consumer = createRecordConsumer(kafka, log, {
    groupId: `${options.groupIdPrefix}${randomUUID()}`,
    topics: options.topics,
    fromBeginning: true,
    commitIntervalMs: VIEW_COMMIT_INTERVAL_MS,
    ...(options.startOffsets && options.startOffsets.length > 0 ? { startOffsets: options.startOffsets } : {}),
    ...(options.partitionsConsumedConcurrently === undefined ? {} : { partitionsConsumedConcurrently: options.partitionsConsumedConcurrently }),
    ...(options.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: options.maxBytesPerPartition }),
    ...(options.patienceMs === undefined ? {} : { maxWaitTimeInMs: options.patienceMs, minBytes: PATIENT_VIEW_FETCH_MIN_BYTES }),
    ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: options.sessionTimeoutMs }),
    ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
  });
  const retry = options.failedApply === 'retry';
  /** True once `work` succeeded; false when it failed and was skipped or the view stopped. */
  const attempt = async (work: () => Promise<void>, context: BatchContext, at: IncomingRecord, records: number): Promise<boolean> => {
    for (let delayMs = RETRY_FIRST_MS; ; delayMs = Math.min(delayMs * 2, RETRY_MAX_MS)) {
      try {
        await work();
        return true;
      } catch (err) {
        const where = { err, topic: at.topic, partition: at.partition, offset: at.offset, records };
        if (!retry) {
          log.warn(where, records === 1 ? 'record skipped' : 'batch skipped');
          return false;
        }
        log.warn({ ...where, retryInMs: delayMs }, 'view store write failed; retrying the same records');
        await sleep(delayMs);
        if (!context.shouldContinue()) return false;
        await context.heartbeat();
      }
    }
  };
  // Records are applied in order and marked done one by one, or a partition's batch at once.
  const applyRecords = async (records: readonly IncomingRecord[], context: BatchContext): Promise<void> => {
    if ('applyBatch' in options) {
      const last = records.at(-1);
      if (!last || !context.shouldContinue()) return;
      const { applyBatch } = options;
      if (!(await attempt(() => applyBatch(records), context, last, records.length)) && retry) return;
      count += records.length;
      watch.observe(last.topic, last.partition, last.offset);
      context.markDone(last);
      return;
    }
    for (const record of records) {
      if (!context.shouldContinue()) return;
      try {
        // Most views apply synchronously: no await (and no microtask per record) for them.
        const pending = options.apply(record);
        if (pending) await pending;
      } catch (err) {
        if (!retry) log.warn({ err, topic: record.topic, partition: record.partition, offset: record.offset }, 'record skipped');
        else {
          const { apply } = options;
          log.warn(
            { err, topic: record.topic, partition: record.partition, offset: record.offset, retryInMs: RETRY_FIRST_MS },
            'view store write failed; retrying the same record',
          );
          await sleep(RETRY_FIRST_MS);
          const applied = await attempt(async () => await apply(record), context, record, 1);
          if (!applied) return;
        }
      }
      count += 1;
      watch.observe(record.topic, record.partition, record.offset);
      context.markDone(record);
    }
  };
  await consumer.start(async (records, context) => {
    await applyRecords(records, context);
    await context.heartbeat();
  });

  return {
    get caughtUp() {
      return caughtUp;
    },
    reached,
    async catchUp(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let ends: Ends | undefined;
      while (!ends) {
        try {
          ends = await endOffsets(kafka, options.topics);
        } catch (err) {
          // Metadata of topics created a moment ago can lag (unknown partition, leader moving): ask again.
          if (Date.now() > deadline) throw err;
          log.debug({ err }, 'end offsets not available yet');
          await sleep(200);
        }
      }
      const wait = watch.waitFor(ends);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new NotCaughtUpError(`${options.name} not caught up within ${timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
      });
      try {
        await Promise.race([wait.promise, timeout]);
      } finally {
        clearTimeout(timer);
        wait.cancel();
      }
    },
    get running() {
      return consumer.running;
    },
    stop: () => consumer.stop(),
  };
}

/**
 * Reads topics from the beginning to where they end now, then stops: for state rebuilt once at
 * start-up. Nothing to read costs no consumer group join (a join takes seconds).
 */
export async function replayToEnd(kafka: KafkaClient, logger: Logger, options: MaterialiseOptions & { readonly timeoutMs: number }): Promise<void> {
  if ((await endOffsets(kafka, options.topics)).size === 0) return;
  const view = await materialise(kafka, logger, options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${options.name} not read to its end within ${options.timeoutMs} ms`)), options.timeoutMs);
  });
  try {
    await Promise.race([view.reached, timeout]);
  } finally {
    clearTimeout(timer);
    await view.stop();
  }
}

import { randomUUID } from 'node:crypto';
import { createRecordConsumer, type IncomingRecord, type KafkaClient, topicOffsets } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { trackCatchUp } from './catch-up';

export interface MaterialiserOptions {
  readonly name: string;
  readonly topic: string;
  readonly apply: (record: IncomingRecord) => void;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
}

export interface Materialiser {
  readonly caughtUp: boolean;
  /** Resolves once the topic has been read to where it ended at start-up. */
  readonly reached: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Reads a whole topic into an in-memory view and keeps following it. Each process uses a group of
 * its own (every instance needs every record, and a restart must read from the beginning again), so
 * the group id is unique per start; its committed offsets are never reused. Records are applied to
 * memory only, so marking them done at once loses nothing.
 */
export async function startMaterialiser(kafka: KafkaClient, logger: Logger, options: MaterialiserOptions): Promise<Materialiser> {
  const log = logger.child({ component: options.name });
  const catchUp = trackCatchUp(await topicOffsets(kafka, options.topic));
  const consumer = createRecordConsumer(kafka, log, {
    groupId: `ingest.${options.name}.${randomUUID()}`,
    topics: [options.topic],
    fromBeginning: true,
    sessionTimeoutMs: options.sessionTimeoutMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
  });
  let applied = 0;
  await consumer.start(async (records, context) => {
    for (const record of records) {
      try {
        options.apply(record);
      } catch (err) {
        // A record this view cannot use must not stop it (it would never catch up); it is skipped.
        log.warn({ err, topic: record.topic, partition: record.partition, offset: record.offset }, 'record skipped');
      }
      applied += 1;
      catchUp.observe(record.partition, record.offset);
      context.markDone(record);
    }
  });
  void catchUp.reached.then(() => log.info({ records: applied }, 'caught up with topic'));
  return {
    get caughtUp() {
      return catchUp.done;
    },
    reached: catchUp.reached,
    stop: () => consumer.stop(),
  };
}

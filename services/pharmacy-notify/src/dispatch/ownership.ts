import { createRecordConsumer, type GroupSession, type KafkaClient } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';

export interface Ownership {
  /** True while this instance is the group member that owns the partition (its pharmacies' webhooks are ours). */
  owns(partition: number): boolean;
  start(): Promise<void>;
  /** Leaves the group: the partitions (and their pharmacies) go to the other members. */
  stop(): Promise<void>;
}

/**
 * Exactly one owner per pharmacy: a consumer group on pharmacy.events.v1 (keyed by pharmacy, so a
 * pharmacy's events are in one partition) whose assignment says which partitions this instance
 * delivers for. The records themselves are only marked done: the feed is read elsewhere.
 */
export function createOwnership(
  kafka: KafkaClient,
  logger: Logger,
  options: { groupId: string; topic: string; onChange: () => void; session?: GroupSession },
): Ownership {
  let owned = new Set<number>();
  const consumer = createRecordConsumer(kafka, logger, {
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: false,
    ...options.session,
    onAssignment(partitions) {
      owned = new Set(partitions.filter((p) => p.topic === options.topic).map((p) => p.partition));
      logger.info({ partitions: [...owned].sort((a, b) => a - b) }, 'webhook ownership assigned');
      options.onChange();
    },
  });
  return {
    owns: (partition) => owned.has(partition),
    start: () =>
      consumer.start(async (records, context) => {
        const last = records[records.length - 1];
        if (last) context.markDone(last);
      }),
    async stop() {
      await consumer.stop();
      // The adapter reports [] when it stops; do not depend on it to drop ownership.
      if (owned.size > 0) {
        owned = new Set();
        options.onChange();
      }
    },
  };
}

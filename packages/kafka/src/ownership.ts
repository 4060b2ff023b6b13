import type { Logger } from '@firstsync/logging';
import { createRecordConsumer, type GroupSession } from './consumer';
import type { KafkaClient } from './port';

export interface PartitionOwnership {
  /** True while this instance is the group member that owns the partition. */
  owns(partition: number): boolean;
  start(): Promise<void>;
  /** Leaves the group: the partitions go to the other members. */
  stop(): Promise<void>;
}

export interface PartitionOwnershipOptions {
  readonly groupId: string;
  readonly topic: string;
  /** Called after every change of the owned set (also when stop() drops it). */
  readonly onChange: () => void;
  /** Names what is owned in the assignment log line, e.g. 'webhook' or 'MESH inbox'. */
  readonly what: string;
  readonly session?: GroupSession;
}

/**
 * "Which instance does X" decided by Kafka: a consumer group on a topic whose assignment says which
 * partitions this instance owns, and with them what they stand for (pharmacy-notify: the pharmacies
 * keyed to a partition; delivery: a 1-partition topic, so one owner of the MESH inbox). The records
 * themselves are only marked done: they are read elsewhere. During a rebalance the old and the new
 * owner may overlap briefly (see ConsumerOptions.onAssignment), so what an owner does must be safe
 * to repeat.
 */
export function createPartitionOwnership(kafka: KafkaClient, logger: Logger, options: PartitionOwnershipOptions): PartitionOwnership {
  let owned = new Set<number>();
  const consumer = createRecordConsumer(kafka, logger, {
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: false,
    ...options.session,
    onAssignment(partitions) {
      owned = new Set(partitions.filter((p) => p.topic === options.topic).map((p) => p.partition));
      logger.info({ partitions: [...owned].sort((a, b) => a - b) }, `${options.what} ownership assigned`);
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

import { createPartitionOwnership, type GroupSession, type KafkaClient, type PartitionOwnership } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';

export type Ownership = PartitionOwnership;

/**
 * Exactly one owner per pharmacy: a consumer group on pharmacy.events.v1 (keyed by pharmacy, so a
 * pharmacy's events are in one partition) whose assignment says which partitions this instance
 * delivers for (createPartitionOwnership, shared with delivery's MESH inbox ownership).
 */
export function createOwnership(
  kafka: KafkaClient,
  logger: Logger,
  options: { groupId: string; topic: string; onChange: () => void; session?: GroupSession },
): Ownership {
  return createPartitionOwnership(kafka, logger, { ...options, what: 'webhook' });
}

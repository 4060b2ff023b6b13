import type { Kafka } from '@firstsync/kafka';

export interface PartitionRange {
  readonly partition: number;
  /** First offset still in the log. */
  readonly low: string;
  /** Offset the next record will get. */
  readonly high: string;
}

/**
 * Where each partition of a topic starts and ends right now. Uses the admin API of the client that
 * @firstsync/kafka hands out; it belongs in that package (next to kafkaReachable) and should move
 * there, so that this service keeps no knowledge of the client library.
 */
export async function topicEndOffsets(kafka: Kafka, topic: string): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high }));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

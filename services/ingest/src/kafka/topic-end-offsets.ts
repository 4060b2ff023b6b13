import type { Kafka } from '@firstsync/kafka';

export interface PartitionRange {
  readonly partition: number;
  /** First offset still in the log. */
  readonly low: string;
  /** Offset the next record will get. */
  readonly high: string;
}

const ATTEMPTS = 20;
const BACKOFF_MS = 250;

// Right after a topic is created its partitions may not have a leader yet ("not the leader for that
// topic-partition"); such errors are marked retriable by the client and clear within seconds.
const isRetriable = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;

/**
 * Where each partition of a topic starts and ends right now. Uses the admin API of the client that
 * @firstsync/kafka hands out; it belongs in that package (next to kafkaReachable) and should move
 * there, so that this service keeps no knowledge of the client library.
 */
export async function topicEndOffsets(kafka: Kafka, topic: string): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high }));
      } catch (err) {
        if (!isRetriable(err) || attempt >= ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS));
      }
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

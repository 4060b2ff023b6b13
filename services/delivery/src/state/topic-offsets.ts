import type { Kafka } from '@firstsync/kafka';

/**
 * Per non-empty partition, the next offset to be written in each partition of a topic (its high watermark): "caught up"
 * means every partition was read up to this. The one place delivery uses the client's admin API;
 * it belongs in @firstsync/kafka (requested) and moves there unchanged.
 */
export async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, number>();
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        // A partition emptied by retention (low = high) has nothing left to read.
        if (Number(high) > Number(low)) ends.set(`${topic}|${partition}`, Number(high));
      }
    }
    return ends;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

import { type KafkaClient, topicOffsets } from '@firstsync/kafka';

/**
 * Per non-empty partition (`topic|partition`), the offset the next record will get: "caught up"
 * means every such partition was read up to it.
 */
export async function endOffsets(kafka: KafkaClient, topics: readonly string[]): Promise<Map<string, number>> {
  const ends = new Map<string, number>();
  for (const topic of topics) {
    for (const { partition, high, low } of await topicOffsets(kafka, topic)) {
      // A partition emptied by retention (low = high) has nothing left to read.
      if (Number(high) > Number(low)) ends.set(`${topic}|${partition}`, Number(high));
    }
  }
  return ends;
}

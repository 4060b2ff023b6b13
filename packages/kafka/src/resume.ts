import type { Logger } from '@firstsync/logging';
import { topicOffsets } from './admin';
import type { PartitionStart } from './consumer';
import type { KafkaClient } from './port';

/**
 * Where a persistent view (one that stores its offsets with what it applied) resumes: its stored
 * positions, except one past its partition's end, which means the store outlived its topics (a
 * broker started empty): that partition is read from the beginning, and the ids the view stored
 * already keep events from counting twice. The result is materialise's `startOffsets`.
 */
export async function resumePoints(kafka: KafkaClient, logger: Logger, stored: readonly PartitionStart[]): Promise<PartitionStart[]> {
  if (stored.length === 0) return [];
  const ends = new Map<string, bigint>();
  for (const topic of new Set(stored.map((p) => p.topic))) {
    for (const { partition, high } of await topicOffsets(kafka, topic)) ends.set(`${topic}|${partition}`, BigInt(high));
  }
  const starts: PartitionStart[] = [];
  for (const p of stored) {
    const end = ends.get(`${p.topic}|${p.partition}`);
    if (end !== undefined && BigInt(p.offset) <= end) starts.push(p);
    else logger.warn({ topic: p.topic, partition: p.partition }, 'stored offset past the end of its partition; reading it from the beginning');
  }
  return starts;
}

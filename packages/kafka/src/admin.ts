import type { Logger } from '@firstsync/logging';
import type { Kafka } from 'kafkajs';
import { allTopicSpecs, type TopicSpec } from './topics';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates every topic that does not exist yet, with its partitions, retention and cleanup policy.
 * Idempotent, so every service calls it at start-up; retries until the broker answers, because
 * services may start before the broker is ready.
 */
export async function ensureTopics(
  kafka: Kafka,
  logger: Logger,
  { prefix = '', specs = allTopicSpecs(), timeoutMs = 60_000 }: { prefix?: string; specs?: readonly TopicSpec[]; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((spec) => !existing.has(prefix + spec.name));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((spec) => ({
            topic: prefix + spec.name,
            numPartitions: spec.partitions,
            replicationFactor: -1,
            configEntries: [
              { name: 'retention.ms', value: String(spec.retentionMs) },
              { name: 'cleanup.policy', value: spec.cleanupPolicy },
            ],
          })),
        });
        logger.info({ created: missing.map((s) => prefix + s.name) }, 'kafka topics created');
      }
      return;
    } catch (err) {
      // Another service may create the same topic at the same moment; that counts as success next round.
      if (Date.now() > deadline) throw err;
      logger.warn({ err, attempt }, 'kafka not ready for topic creation; retrying');
      await sleep(Math.min(500 * attempt, 3_000));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

/** True when the broker answers a metadata request: the readiness probe of every Kafka-using service. */
export async function kafkaReachable(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export interface PartitionRange {
  readonly partition: number;
  /** First offset still in the log. */
  readonly low: string;
  /** Offset the next record will get. */
  readonly high: string;
}

// Right after a topic is created its partitions may have no leader yet ("not the leader for that
// topic-partition"); the client marks such errors retriable and they clear within seconds.
const isRetriable = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;

/** Where each partition of a topic starts and ends right now: what "caught up with the topic" means. */
export async function topicOffsets(kafka: Kafka, topic: string, { attempts = 20, backoffMs = 250 } = {}): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high }));
      } catch (err) {
        if (!isRetriable(err) || attempt >= attempts) throw err;
        await sleep(backoffMs);
      }
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

import type { Logger } from '@firstsync/logging';
import type { KafkaClient, PartitionRange } from './port';
import { retryTransient } from './retry-transient';
import { allTopicSpecs, type TopicSpec, topicReplication } from './topics';

export type { PartitionRange } from './port';

/**
 * Creates every topic that does not exist yet, with its partitions, retention and cleanup policy,
 * replicated as the cluster's size allows (topicReplication: RF 3 and min.insync.replicas 2 on 3+
 * brokers). Idempotent, so every service calls it at start-up; retries until the broker answers,
 * because services may start before the broker is ready. The brokers are counted only when a topic
 * is missing, so the usual start-up (everything exists) costs no extra round trip. Topics it created
 * are waited for until every partition answers with a leader: the controller confirms a creation
 * before the brokers have applied it (3 s later on a loaded machine), and a producer asking for
 * such a topic's metadata meanwhile is told it does not exist.
 */
export async function ensureTopics(
  kafka: KafkaClient,
  logger: Logger,
  { prefix = '', specs = allTopicSpecs(), timeoutMs = 60_000 }: { prefix?: string; specs?: readonly TopicSpec[]; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const created = new Set<string>();
  await retryTransient(
    async () => {
      const existing = new Set(await kafka.listTopics());
      const missing = specs.filter((spec) => !existing.has(prefix + spec.name));
      if (missing.length > 0) {
        for (const spec of missing) created.add(prefix + spec.name);
        const replication = topicReplication(await kafka.brokerCount());
        await kafka.createTopics(
          missing.map((spec) => ({
            topic: prefix + spec.name,
            partitions: spec.partitions,
            ...(replication ? { replicationFactor: replication.replicationFactor } : {}),
            config: {
              'retention.ms': String(spec.retentionMs),
              'cleanup.policy': spec.cleanupPolicy,
              ...(replication ? { 'min.insync.replicas': String(replication.minInsyncReplicas) } : {}),
            },
          })),
        );
        logger.info(
          { created: missing.map((s) => prefix + s.name), replicationFactor: replication?.replicationFactor ?? 'broker default' },
          'kafka topics created',
        );
      }
      const withinMs = Math.max(1_000, deadline - Date.now());
      await Promise.all([...created].map((topic) => topicOffsets(kafka, topic, { withinMs })));
    },
    {
      withinMs: timeoutMs,
      // Any failure: another service may create the same topic at the same moment; that counts as success next round.
      isTransient: () => true,
      backoffMs: 500,
      maxBackoffMs: 3_000,
      onRetry: (err, attempt) => logger.warn({ err, attempt }, 'kafka not ready for topic creation; retrying'),
    },
  );
}

/** True when the broker answers a metadata request: the readiness probe of every Kafka-using service. */
export function kafkaReachable(kafka: KafkaClient): Promise<boolean> {
  return kafka.ping();
}

// Right after a topic is created, or while a restarted broker takes its partitions back, a
// partition may have no leader ("not the leader for that topic-partition"); the clients mark such
// errors retriable. They clear within seconds on a quiet machine but took longer than 5 s after a
// broker restart on a loaded one, so this asks again for up to 30 s before giving up.

/** Where each partition of a topic starts and ends right now: what "caught up with the topic" means. */
export function topicOffsets(kafka: KafkaClient, topic: string, { withinMs = 30_000, backoffMs = 250 } = {}): Promise<PartitionRange[]> {
  return retryTransient(() => kafka.fetchTopicOffsets(topic), { withinMs, isTransient: (err) => kafka.isRetriable(err), backoffMs, maxBackoffMs: 2_000 });
}

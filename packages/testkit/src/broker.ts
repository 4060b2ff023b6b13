import { randomUUID } from 'node:crypto';
import { createKafkaClient, ensureTopics, type KafkaClient, resolveTopicNames, type TopicNames } from '@firstsync/kafka';
import { createLogger, type Logger } from '@firstsync/logging';

/** The broker the vitest global setup started (or KAFKA_BROKERS). */
export function testBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run tests through `npm test` or the vitest config in infra/');
  return brokers;
}

export const quietLogger: Logger = createLogger({ service: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function testKafka(clientId = 'test'): KafkaClient {
  return createKafkaClient({ brokers: testBrokers(), clientId }, quietLogger);
}

/**
 * Every integration test works in its own topic namespace, so tests can run in any order, in
 * parallel, against one broker, without seeing each other's records.
 */
export async function isolatedTopics(label: string): Promise<{ prefix: string; topics: TopicNames }> {
  const prefix = `t.${label}.${randomUUID().slice(0, 8)}.`;
  await ensureTopics(testKafka('test-admin'), quietLogger, { prefix });
  return { prefix, topics: resolveTopicNames(prefix) };
}

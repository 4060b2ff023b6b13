// ensureTopics returns only when the topics it created can be used: a fresh clone's `npm test` once
// failed because the controller confirmed a creation 3 s before the broker had applied it, and the
// service started at once was told its topics did not exist.
import { createLogger } from '@firstsync/logging';
import { describe, expect, it } from 'vitest';
import { ensureTopics } from '../src/admin';
import type { KafkaClient } from '../src/port';
import { allTopicSpecs, type TopicSpec } from '../src/topics';

const logger = createLogger({ service: 'ensure-topics-test', level: 'silent' });
const specs: readonly TopicSpec[] = allTopicSpecs().slice(0, 2);

/** A broker that knows `known` and applies each creation only after `lagAsks` metadata questions. */
function laggingBroker(known: readonly string[], lagAsks: number) {
  const topics = new Set(known);
  const asks = new Map<string, number>();
  const log: string[] = [];
  const client: KafkaClient = {
    kind: 'kafkajs',
    ping: async () => true,
    brokerCount: async () => 1,
    listTopics: async () => [...topics],
    createTopics: async (created) => {
      for (const t of created) {
        topics.add(t.topic);
        asks.set(t.topic, 0);
        log.push(`create ${t.topic}`);
      }
    },
    fetchTopicOffsets: async (topic) => {
      const asked = (asks.get(topic) ?? lagAsks) + 1;
      asks.set(topic, asked);
      log.push(`offsets ${topic}`);
      if (asked <= lagAsks) throw Object.assign(new Error('This server does not host this topic-partition'), { retriable: true });
      return [{ partition: 0, low: '0', high: '0' }];
    },
    isRetriable: (err) => (err as { retriable?: unknown }).retriable === true,
    createProducerTransport: () => {
      throw new Error('not used');
    },
    createConsumer: () => {
      throw new Error('not used');
    },
  };
  return { client, log, asks };
}

describe('ensureTopics', () => {
  it('waits until every topic it created answers, however late the broker applies the creation', async () => {
    const broker = laggingBroker([], 3);
    await ensureTopics(broker.client, logger, { prefix: 'p.', specs });
    // Each created topic was asked about until it answered: 3 refusals, then its offsets.
    expect([...broker.asks.entries()].sort()).toEqual([
      [`p.${specs[0]?.name}`, 4],
      [`p.${specs[1]?.name}`, 4],
    ]);
  });

  it('asks nothing more when every topic already exists (the usual start-up)', async () => {
    const broker = laggingBroker(
      specs.map((s) => `p.${s.name}`),
      3,
    );
    await ensureTopics(broker.client, logger, { prefix: 'p.', specs });
    expect(broker.log).toEqual([]);
  });
});

import { type PharmacyEvent, pharmacyEventSchema, type WebhookAttempt } from '@firstsync/contracts';
import { createRecordProducer, HEADER, type KafkaClient, SCHEMA, type TopicNames } from '@firstsync/kafka';
import { quietLogger } from '@firstsync/testkit';
import type { FeedStore } from '../src/feed/feed-store';
import type { AttemptsReader, EndpointRegistry } from '../src/registry/endpoint-registry';
import { createKafkaStores } from '../src/registry/kafka-stores';

export interface TestWiring {
  readonly feed: FeedStore;
  readonly endpoints: EndpointRegistry;
  readonly attempts: AttemptsReader & { all(endpointId: string): readonly WebhookAttempt[] };
  /** Writes pharmacy events as the projector does and waits until the feed has them. */
  publish(events: readonly PharmacyEvent[]): Promise<void>;
  stop(): Promise<void>;
}

/** The service's own Kafka-backed views (feed, registry, attempts), started for a dispatcher under test. */
export async function startTestWiring(kafka: KafkaClient, topics: TopicNames, feedMaxEventsPerPharmacy = 10_000): Promise<TestWiring> {
  const producer = createRecordProducer(kafka, quietLogger);
  await producer.connect();
  const stores = createKafkaStores({
    kafka,
    logger: quietLogger,
    topics,
    producer,
    feedMaxEventsPerPharmacy,
    groupIdPrefix: `${topics.pharmacyEvents}.test.`,
  });
  await stores.start();
  const attempts = stores.attempts;
  return {
    feed: stores.feed,
    endpoints: stores.registry,
    attempts: {
      cursorOf: (endpointId) => attempts.cursorOf(endpointId),
      failuresOf: (endpointId, eventId) => attempts.failuresOf(endpointId, eventId),
      recent: (endpointId, limit) => attempts.recent(endpointId, limit),
      record: (attempt) => attempts.record(attempt),
      // The view keeps the last 50 per endpoint, more than any test here makes; oldest first.
      all: (endpointId) => [...attempts.recent(endpointId, 1_000)].reverse(),
    },
    async publish(events) {
      await producer.send(
        events.map((event) => ({
          topic: topics.pharmacyEvents,
          key: event.data.pharmacyOds,
          value: JSON.stringify(pharmacyEventSchema.parse(event)),
          headers: { [HEADER.schema]: SCHEMA.pharmacyEvent },
        })),
      );
      const deadline = Date.now() + 10_000;
      const inFeed = () =>
        events.every((event) => stores.feed.after(event.data.pharmacyOds, -1n, 100_000).some((entry) => entry.event.eventId === event.eventId));
      while (!inFeed()) {
        if (Date.now() > deadline) throw new Error('published events did not reach the feed');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await stores.stop();
      await producer.disconnect();
    },
  };
}

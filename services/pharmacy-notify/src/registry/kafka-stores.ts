import {
  type FeedPosition,
  pharmacyEventSchema,
  type WebhookAttempt,
  type WebhookEndpointEvent,
  webhookAttemptSchema,
  webhookEndpointEventSchema,
} from '@firstsync/contracts';
import {
  decodeJson,
  describeFailure,
  HEADER,
  type IncomingRecord,
  type KafkaClient,
  type Materialised,
  materialise,
  type RecordProducer,
  type RecordSchema,
  SCHEMA,
  type TopicNames,
  topicOffsets,
} from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { createFeedStore, type FeedStore } from '../feed/feed-store';
import { type AttemptsStore, createAttemptsStore, createEndpointRegistryStore, type EndpointRegistryStore } from './memory-stores';

export interface KafkaStoresOptions {
  readonly kafka: KafkaClient;
  readonly logger: Logger;
  readonly topics: Pick<TopicNames, 'pharmacyEvents' | 'pharmacyWebhookEndpoints' | 'pharmacyWebhookAttempts'>;
  readonly producer: RecordProducer;
  readonly feedMaxEventsPerPharmacy: number;
  /** Events kept across every pharmacy (FEED_MAX_EVENTS); the feed store's default when absent. */
  readonly feedMaxEvents?: number;
  /** Prefix of the materialisers' throwaway consumer groups (a fresh id is appended per start). */
  readonly groupIdPrefix?: string;
  /** How long a registry write waits to read itself back before it is answered 503. */
  readonly catchUpTimeoutMs?: number;
}

/** The three views every instance keeps of its topics, and the writes that go through Kafka. */
export interface KafkaStores {
  readonly feed: FeedStore;
  readonly registry: EndpointRegistryStore;
  readonly attempts: AttemptsStore;
  /** Where pharmacy.events.v1 ends now, per partition (a new endpoint's startAfter). */
  feedEnd(): Promise<FeedPosition[]>;
  /** Starts following the topics; resolves once each was read to where it ended at the call. */
  start(): Promise<void>;
  readonly caughtUp: boolean;
  stop(): Promise<void>;
}

const PRODUCED_BY = 'pharmacy-notify';

function decodedOrSkip<T>(record: IncomingRecord, schema: RecordSchema<T>, logger: Logger): T | undefined {
  const decoded = decodeJson(record, schema);
  if (decoded.ok) return decoded.value;
  // A record that does not meet its contract is skipped (and said so): a view must not stop on it.
  logger.warn({ topic: record.topic, partition: record.partition, offset: record.offset, problem: describeFailure(decoded) }, 'record skipped');
  return undefined;
}

export function createKafkaStores(options: KafkaStoresOptions): KafkaStores {
  const { kafka, logger, topics, producer } = options;
  const prefix = options.groupIdPrefix ?? '';
  const catchUpTimeoutMs = options.catchUpTimeoutMs ?? 10_000;
  const log = logger.child({ component: 'pharmacy-notify-stores' });
  let views: Materialised[] = [];
  let endpointsView: Materialised | undefined;

  const feed = createFeedStore({
    maxEventsPerPharmacy: options.feedMaxEventsPerPharmacy,
    ...(options.feedMaxEvents === undefined ? {} : { maxEvents: options.feedMaxEvents }),
  });
  const registry = createEndpointRegistryStore(async (event: WebhookEndpointEvent) => {
    await producer.send({
      topic: topics.pharmacyWebhookEndpoints,
      key: event.endpointId,
      value: JSON.stringify(event),
      headers: { [HEADER.schema]: SCHEMA.webhookEndpointEvent, [HEADER.producedBy]: PRODUCED_BY },
    });
    if (endpointsView === undefined) throw new Error('the endpoint registry is not running');
    await endpointsView.catchUp(catchUpTimeoutMs);
  });
  const attempts = createAttemptsStore(async (attempt: WebhookAttempt) => {
    await producer.send({
      topic: topics.pharmacyWebhookAttempts,
      key: attempt.endpointId,
      value: JSON.stringify(attempt),
      headers: { [HEADER.schema]: SCHEMA.webhookAttempt, [HEADER.producedBy]: PRODUCED_BY },
    });
  });

  return {
    feed,
    registry,
    attempts,
    async feedEnd() {
      const ranges = await topicOffsets(kafka, topics.pharmacyEvents);
      return ranges.map((range) => ({ partition: range.partition, offset: range.high })).sort((a, b) => a.partition - b.partition);
    },
    async start() {
      // The three views join their groups at the same time: a join takes seconds, and they are independent.
      const started = await Promise.allSettled([
        materialise(kafka, logger, {
          name: 'pharmacy-feed',
          groupIdPrefix: `${prefix}pharmacy-notify.feed.`,
          topics: [topics.pharmacyEvents],
          apply: (record) => {
            const event = decodedOrSkip(record, pharmacyEventSchema, log);
            if (event) feed.append({ partition: record.partition, offset: BigInt(record.offset), event });
          },
        }),
        materialise(kafka, logger, {
          name: 'webhook-endpoints',
          groupIdPrefix: `${prefix}pharmacy-notify.endpoints.`,
          topics: [topics.pharmacyWebhookEndpoints],
          apply: (record) => {
            const event = decodedOrSkip(record, webhookEndpointEventSchema, log);
            if (event) registry.apply(event);
          },
        }),
        materialise(kafka, logger, {
          name: 'webhook-attempts',
          groupIdPrefix: `${prefix}pharmacy-notify.attempts.`,
          topics: [topics.pharmacyWebhookAttempts],
          apply: (record) => {
            const attempt = decodedOrSkip(record, webhookAttemptSchema, log);
            if (attempt) attempts.apply(attempt);
          },
        }),
      ]);
      const failed = started.find((result) => result.status === 'rejected');
      const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      if (failed) {
        // Do not leave the views that did start consuming in the background of a failed start.
        await Promise.all(running.map((view) => view.stop()));
        throw failed.reason;
      }
      views = running;
      endpointsView = running[1];
      await Promise.all(running.map((view) => view.reached));
    },
    get caughtUp() {
      return views.length > 0 && views.every((view) => view.caughtUp);
    },
    async stop() {
      const stopping = views;
      views = [];
      endpointsView = undefined;
      await Promise.all(stopping.map((view) => view.stop()));
    },
  };
}

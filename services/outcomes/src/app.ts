import { createHttpApp, registerHealthRoutes } from '@firstsync/http-app';
import { createRecordConsumer, createRecordProducer, type KafkaClient, type RecordConsumer, type RecordProducer, resolveTopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { consumerLagMetrics, createServiceRegistry, observeProducer } from '@firstsync/metrics';
import type { FastifyInstance } from 'fastify';
import { factKeySecretOf, type OutcomesConfig } from './config';
import { factKeyFunction } from './fact-key';
import { factBatchHandler } from './handlers/project-facts';

export interface OutcomesDeps {
  config: OutcomesConfig;
  logger: Logger;
  kafka: KafkaClient;
}

export interface OutcomesService {
  readonly app: FastifyInstance;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The fact projector: consultations.v1 + pipeline.events.v1 -> outcomes.facts.v1, and its health routes. */
export function buildOutcomes({ config, logger, kafka }: OutcomesDeps): OutcomesService {
  const topics = resolveTopicNames(config.KAFKA_TOPIC_PREFIX);
  const metrics = createServiceRegistry('outcomes');
  const producer: RecordProducer = observeProducer(metrics, createRecordProducer(kafka, logger), config.KAFKA_TOPIC_PREFIX);
  const lag = consumerLagMetrics(metrics, kafka, config.KAFKA_TOPIC_PREFIX, logger);
  const consumer: RecordConsumer = lag.observe((options) => createRecordConsumer(kafka, logger, options), {
    groupId: config.KAFKA_GROUP_ID ?? `${config.KAFKA_TOPIC_PREFIX}outcomes`,
    topics: [topics.consultations, topics.pipelineEvents],
    // Facts outlive the patient topics: a new group projects everything they still hold.
    fromBeginning: true,
    partitionsConsumedConcurrently: config.OUTCOMES_CONCURRENCY,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
  });
  const app = createHttpApp({ logger, metrics });
  registerHealthRoutes(app, { producer: () => producer.connected, consumer: () => consumer.running });
  const context = { topics, factKeyOf: factKeyFunction(factKeySecretOf(config)) };

  return {
    app,
    async start() {
      await producer.connect();
      await consumer.start(factBatchHandler(producer, context, logger));
    },
    async stop() {
      // Consumer first: it finishes the batch in hand, whose facts the producer still sends.
      await consumer.stop();
      await producer.disconnect();
    },
  };
}

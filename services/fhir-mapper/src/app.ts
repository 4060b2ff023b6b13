import { createHttpApp, registerHealthRoutes } from '@firstsync/http-app';
import { createRecordConsumer, createRecordProducer, type KafkaClient, type RecordConsumer, type RecordProducer, resolveTopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { consumerLagMetrics, createServiceRegistry, observeProducer } from '@firstsync/metrics';
import type { FastifyInstance } from 'fastify';
import type { FhirMapperConfig } from './config';
import { consultationBatchHandler } from './handlers/consultation-consumer';

export interface FhirMapperDeps {
  config: FhirMapperConfig;
  logger: Logger;
  kafka: KafkaClient;
}

export interface FhirMapperService {
  readonly app: FastifyInstance;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function buildFhirMapper({ config, logger, kafka }: FhirMapperDeps): FhirMapperService {
  const topics = resolveTopicNames(config.KAFKA_TOPIC_PREFIX);
  const metrics = createServiceRegistry('fhir-mapper');
  const producer: RecordProducer = observeProducer(metrics, createRecordProducer(kafka, logger), config.KAFKA_TOPIC_PREFIX);
  const lag = consumerLagMetrics(metrics, kafka, config.KAFKA_TOPIC_PREFIX, logger);
  const consumer: RecordConsumer = lag.observe((options) => createRecordConsumer(kafka, logger, options), {
    groupId: config.KAFKA_GROUP_ID ?? `${config.KAFKA_TOPIC_PREFIX}fhir-mapper`,
    topics: [topics.consultations],
    fromBeginning: true,
    partitionsConsumedConcurrently: config.MAPPER_CONCURRENCY,
    maxBytesPerPartition: config.MAPPER_FETCH_BYTES_PER_PARTITION,
  });
  const app = createHttpApp({ logger, metrics });
  registerHealthRoutes(app, { producer: () => producer.connected, consumer: () => consumer.running });

  return {
    app,
    async start() {
      await producer.connect();
      await consumer.start(consultationBatchHandler(producer, { topics, meshMailboxId: config.MESH_MAILBOX_ID }, logger));
    },
    async stop() {
      // Consumer first: it finishes the batch in hand (whose outputs the producer still sends).
      await consumer.stop();
      await producer.disconnect();
    },
  };
}

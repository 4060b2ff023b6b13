export type { Kafka } from 'kafkajs';
export { ensureTopics, kafkaReachable, type PartitionRange, topicOffsets } from './admin';
export { createKafkaClient, type KafkaSettings, kafkaSettingsFromEnv } from './client';
export {
  type BatchContext,
  type BatchHandler,
  type ConsumerOptions,
  createRecordConsumer,
  eachRecord,
  type IncomingRecord,
  type RecordConsumer,
} from './consumer';
export { decodeHeaders, HEADER, type Headers } from './headers';
export { createRecordProducer, KafkaUnavailableError, type OutgoingRecord, type ProducerOptions, type RecordProducer } from './producer';
export {
  allTopicSpecs,
  RETRY_TIERS,
  type RetryTierId,
  resolveTopicNames,
  retryTierKey,
  TOPICS,
  type TopicKey,
  type TopicNames,
  type TopicSpec,
} from './topics';

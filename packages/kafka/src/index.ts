export { ensureTopics, kafkaReachable, topicOffsets, type PartitionRange } from './admin';
export { createKafkaClient, kafkaSettingsFromEnv, type KafkaSettings } from './client';
export { createRecordConsumer, eachRecord, type BatchContext, type BatchHandler, type ConsumerOptions, type IncomingRecord, type RecordConsumer } from './consumer';
export { decodeHeaders, HEADER, type Headers } from './headers';
export { createRecordProducer, KafkaUnavailableError, type OutgoingRecord, type ProducerOptions, type RecordProducer } from './producer';
export { allTopicSpecs, resolveTopicNames, RETRY_TIERS, retryTierKey, TOPICS, type RetryTierId, type TopicKey, type TopicNames, type TopicSpec } from './topics';
export type { Kafka } from 'kafkajs';

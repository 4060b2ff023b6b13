export { ensureTopics, kafkaReachable, type PartitionRange, topicOffsets } from './admin';
export { type BatchOutputs, batchToOutputs } from './batch-outputs';
export { createKafkaClient, type KafkaSettings, kafkaSettingsFromEnv } from './client';
export {
  type BatchContext,
  type BatchHandler,
  type ConsumerOptions,
  createRecordConsumer,
  eachRecord,
  type GroupSession,
  type IncomingRecord,
  type PartitionStart,
  type RecordConsumer,
  type TopicPartition,
} from './consumer';
export {
  type Decoded,
  type DecodeFailure,
  type DecodeIssue,
  decodeJson,
  decodeValue,
  describeFailure,
  type RecordSchema,
  readJson,
} from './decode';
export { decodeHeaders, HEADER, type Headers, SCHEMA } from './headers';
export { type Materialised, type MaterialiseOptions, materialise, NotCaughtUpError, replayToEnd } from './materialise';
export { createPartitionOwnership, type PartitionOwnership, type PartitionOwnershipOptions } from './ownership';
export { type PipelineEventKeys, pipelineEventKey, pipelineEventRecord } from './pipeline-event-record';
export { KAFKA_CLIENT_KINDS, type KafkaClient, type KafkaClientKind, type ProducerTransport, type TopicCreation } from './port';
export { createRecordProducer, KafkaUnavailableError, type OutgoingRecord, type ProducerOptions, type RecordProducer } from './producer';
export { resumePoints } from './resume';
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
  topicReplication,
} from './topics';
export { runInRecordTrace } from './tracing';

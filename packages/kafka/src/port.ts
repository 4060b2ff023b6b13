import type { Logger } from '@firstsync/logging';
import type { ConsumerOptions, RecordConsumer } from './consumer';
import type { Headers } from './headers';

/** Which client library implements the port (KAFKA_CLIENT). */
export type KafkaClientKind = 'kafkajs' | 'platformatic';
export const KAFKA_CLIENT_KINDS: readonly KafkaClientKind[] = ['kafkajs', 'platformatic'];

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: string | Buffer;
  readonly headers?: Headers;
}

export interface PartitionRange {
  readonly partition: number;
  /** First offset still in the log. */
  readonly low: string;
  /** Offset the next record will get. */
  readonly high: string;
}

export interface TopicCreation {
  readonly topic: string;
  readonly partitions: number;
  /** Copies of each partition; left out, the broker's default.replication.factor applies. */
  readonly replicationFactor?: number;
  readonly config: Readonly<Record<string, string>>;
}

/**
 * One idempotent producer session of the client (acks=all, one request in flight). send() is one
 * produce round trip for all the records given, resolving once the broker acknowledged them all.
 * After a failed send the session may be unusable; RecordProducer then replaces it.
 */
export interface ProducerTransport {
  connect(): Promise<void>;
  send(records: readonly OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
  /** Called when the client notices the connection is gone. */
  onDisconnect(listener: () => void): void;
}

/**
 * The Kafka port: everything firstsync asks of a Kafka client. Services and the testkit depend on
 * this alone; `createKafkaClient` picks the adapter (kafkajs or @platformatic/kafka).
 */
export interface KafkaClient {
  readonly kind: KafkaClientKind;
  /** True when the broker answers a metadata request (readiness probes). */
  ping(): Promise<boolean>;
  /** How many brokers the cluster reports right now (describe cluster / metadata). */
  brokerCount(): Promise<number>;
  listTopics(): Promise<string[]>;
  /** Creates the given topics and waits for their leaders; a topic that already exists is not an error. */
  createTopics(topics: readonly TopicCreation[]): Promise<void>;
  /** Where each partition starts and ends right now (over one admin connection kept between frequent calls: adapters/kept-admin.ts). */
  fetchTopicOffsets(topic: string): Promise<PartitionRange[]>;
  /** True for an error the client calls transient (no leader yet, coordinator loading, ...). */
  isRetriable(err: unknown): boolean;
  createProducerTransport(): ProducerTransport;
  createConsumer(logger: Logger, options: ConsumerOptions): RecordConsumer;
}

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type GpMessage, type OpsCommand, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { createRecordProducer, type RecordProducer, type TopicNames } from '@firstsync/kafka';
import { buildNhsSimulator, type NhsSimulator, type PracticeFaults } from '@firstsync/nhs-simulator';
import { isolatedTopics, quietLogger, readTopic, type TopicReader, testBrokers, testKafka } from '@firstsync/testkit';
import { buildDelivery, type DeliveryService } from '../../src/app';
import { type DeliveryConfig, deliveryConfigSchema } from '../../src/config';

/** Delays and cool-downs small enough for a test; everything else as in production. */
export function testConfig(prefix: string, simulatorUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: testBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `delivery-${randomUUID()}`,
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEFAULT_FHIR_BASE_URL: `${simulatorUrl}/fhir`,
    FHIR_REQUEST_TIMEOUT_MS: '10000',
    RETRY_DELAYS_MS: '50,100,150,200,250',
    RETRY_MAX_ATTEMPTS: '60',
    BREAKER_FAILURE_THRESHOLD: '3',
    BREAKER_COOL_DOWN_MS: '150',
    BATCH_WAIT_BUDGET_MS: '200',
    SHUTDOWN_GRACE_MS: '3000',
    STATE_CATCH_UP_TIMEOUT_MS: '20000',
    ...overrides,
  };
}

export interface Harness {
  readonly topics: TopicNames;
  readonly prefix: string;
  readonly simulator: NhsSimulator;
  readonly simulatorUrl: string;
  readonly producer: RecordProducer;
  readonly events: TopicReader<PipelineEvent>;
  /** Starts an in-process delivery service on these topics (stopped by close()). */
  startDelivery(overrides?: Record<string, string>): Promise<DeliveryService>;
  stopDelivery(service: DeliveryService): Promise<void>;
  publish(...messages: GpMessage[]): Promise<void>;
  command(command: OpsCommand): Promise<void>;
  faults(practiceOds: string, faults: PracticeFaults): void;
  /** Events of one consultation, in topic order. */
  eventsOf(consultationId: string): PipelineEvent[];
  waitForEvent(consultationId: string, type: PipelineEvent['type'], count?: number, timeoutMs?: number): Promise<void>;
  config(overrides?: Record<string, string>): DeliveryConfig;
  close(): Promise<void>;
}

export async function startHarness(label: string): Promise<Harness> {
  const { prefix, topics } = await isolatedTopics(label);
  const simulator = buildNhsSimulator({ config: { SIMULATOR_BODY_LIMIT_BYTES: 1_000_000 }, logger: quietLogger });
  await simulator.app.listen({ host: '127.0.0.1', port: 0 });
  const simulatorUrl = `http://127.0.0.1:${(simulator.app.server.address() as AddressInfo).port}`;
  const producer = createRecordProducer(testKafka(`${label}-test`), quietLogger);
  await producer.connect();
  const events = await readTopic(topics.pipelineEvents, (record) => pipelineEventSchema.parse(JSON.parse(String(record.value))));
  const running = new Set<DeliveryService>();
  const config = (overrides: Record<string, string> = {}) => deliveryConfigSchema.parse(testConfig(prefix, simulatorUrl, overrides));

  const eventsOf = (consultationId: string) => events.values.filter((event) => event.consultationId === consultationId);

  return {
    topics,
    prefix,
    simulator,
    simulatorUrl,
    producer,
    events,
    config,
    async startDelivery(overrides = {}) {
      const service = buildDelivery({ config: config(overrides), logger: quietLogger, kafka: testKafka(`${label}-delivery`) });
      running.add(service);
      await service.start();
      return service;
    },
    async stopDelivery(service) {
      running.delete(service);
      await service.stop();
    },
    async publish(...messages) {
      await producer.send(
        messages.map((message) => ({
          topic: topics.gpMessages,
          key: message.practiceOds,
          value: JSON.stringify(message),
          headers: { 'x-consultation-id': message.consultationId },
        })),
      );
    },
    async command(command) {
      await producer.send({ topic: topics.opsCommands, key: command.commandId, value: JSON.stringify(command) });
    },
    faults(practiceOds, faults) {
      simulator.state.faults.set(practiceOds, faults);
    },
    eventsOf,
    async waitForEvent(consultationId, type, count = 1, timeoutMs = 30_000) {
      await events.waitFor(() => eventsOf(consultationId).filter((event) => event.type === type).length >= count, timeoutMs);
    },
    async close() {
      await Promise.allSettled([...running].map((service) => service.stop()));
      await events.close();
      await producer.disconnect();
      await simulator.app.close();
    },
  };
}

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@firstsync/contracts';
import { createKafkaClient, type OutgoingRecord, type RecordProducer, resolveTopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { OutcomesStore } from '@firstsync/outcomes-store';
import { quietLogger } from '@firstsync/testkit';
import { buildDashboard, type Dashboard } from '../../src/app';
import type { SessionRepositoryOf } from '../../src/auth/session-store';
import { loadDashboardConfig } from '../../src/config';
import { createCommandPublisher } from '../../src/kafka/command-publisher';
import type { ReadModel } from '../../src/read-model/read-model';

/** A clock the test moves by hand, so throttling and expiry are tested without sleeping. */
export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2025-03-03T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface OfflineDashboard {
  dashboard: Dashboard;
  clock: ManualClock;
  /** Every record the dashboard would have sent to Kafka, in order. */
  sent: OutgoingRecord[];
  /** Base URL once `listen()` was called. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real dashboard app without a broker: the real command publisher (so contract validation is
 * real) over a producer that records what it would send; audit events it "sends" are applied to
 * the read model, as the consumer would after the round trip through Kafka.
 */
export async function offlineDashboard(
  options: { env?: Record<string, string>; logger?: Logger; readModel?: ReadModel; sessionRepository?: SessionRepositoryOf; outcomes?: OutcomesStore } = {},
): Promise<OfflineDashboard> {
  const config = loadDashboardConfig({ KAFKA_BROKERS: '127.0.0.1:1', DASHBOARD_SESSION_SECRET: randomBytes(32).toString('base64url'), ...options.env });
  const clock = new ManualClock();
  const sent: OutgoingRecord[] = [];
  const topics = resolveTopicNames('offline.');
  let dashboard: Dashboard | undefined;
  const producer: RecordProducer = {
    connected: true,
    connect: async () => undefined,
    disconnect: async () => undefined,
    async send(records) {
      for (const record of [records].flat()) {
        sent.push(record);
        if (record.topic === topics.pipelineEvents && dashboard && typeof record.value === 'string') await dashboard.readModel.apply(JSON.parse(record.value));
      }
    },
  };
  dashboard = buildDashboard({
    config,
    logger: options.logger ?? quietLogger,
    kafka: createKafkaClient({ brokers: '127.0.0.1:1', clientId: 'offline' }, quietLogger),
    clock,
    topics,
    publisher: createCommandPublisher(producer, topics),
    ...(options.readModel ? { readModel: options.readModel } : {}),
    ...(options.sessionRepository ? { sessionRepository: options.sessionRepository } : {}),
    ...(options.outcomes ? { outcomes: options.outcomes } : {}),
  });
  await dashboard.app.ready();
  const built = dashboard;
  return {
    dashboard: built,
    clock,
    sent,
    async listen() {
      await built.app.listen({ host: '127.0.0.1', port: 0 });
      return `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`;
    },
    close: () => built.app.close(),
  };
}

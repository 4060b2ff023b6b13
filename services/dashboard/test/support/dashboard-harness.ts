import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { OutcomesStore } from '@firstsync/outcomes-store';
import { quietLogger, testBrokers, testKafka } from '@firstsync/testkit';
import { buildDashboard, type Dashboard } from '../../src/app';
import type { SessionRepositoryOf } from '../../src/auth/session-store';
import { loadDashboardConfig } from '../../src/config';
import type { ReadModel } from '../../src/read-model/read-model';

/** The demo users of the dev default configuration (DEV_DEFAULT_USERS) and their documented passwords. */
export const DEMO = {
  operator: { username: 'operator', password: 'operator-demo-password' },
  viewer: { username: 'viewer', password: 'viewer-demo-password' },
  /** Bound to the demo consultation's pharmacy. */
  pharmacy: { username: 'pharmacy', password: 'pharmacy-demo-password', pharmacyOds: 'FXA01' },
  /** Outcomes roles, bound to the demo practice A81001's ICB and PCN in the synthetic reference fixture, and the demo pharmacy. */
  commissioner: { username: 'commissioner', password: 'commissioner-demo-password', icbCode: 'QZA' },
  pcnLead: { username: 'pcn-lead', password: 'pcn-lead-demo-password', pcnCode: 'U90001' },
  pharmacyManager: { username: 'pharmacy-manager', password: 'pharmacy-manager-demo-password', pharmacyOds: 'FXA01' },
} as const;

export interface RunningDashboard {
  dashboard: Dashboard;
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The real dashboard in-process: real Kafka (the test's isolated topics), real HTTP on a free
 * loopback port, the dev default users. Short consumer sessions so a stopped instance leaves fast.
 */
export async function startDashboard(options: {
  prefix: string;
  topics: TopicNames;
  logger?: Logger;
  env?: Record<string, string>;
  /** Default: the in-memory model. */
  readModel?: ReadModel;
  /** Default: sessions in this instance's memory. */
  sessionRepository?: SessionRepositoryOf;
  /** Default: none (the outcomes routes answer 404). */
  outcomes?: OutcomesStore;
}): Promise<RunningDashboard> {
  const config = loadDashboardConfig({
    KAFKA_BROKERS: testBrokers(),
    KAFKA_TOPIC_PREFIX: options.prefix,
    HOST: '127.0.0.1',
    PORT: '0',
    DASHBOARD_SESSION_SECRET: randomBytes(32).toString('base64url'),
    ...options.env,
  });
  const dashboard = buildDashboard({
    config,
    logger: options.logger ?? quietLogger,
    kafka: testKafka('dashboard'),
    topics: options.topics,
    consumerSessionTimeoutMs: 10_000,
    consumerHeartbeatIntervalMs: 1_000,
    ...(options.readModel ? { readModel: options.readModel } : {}),
    ...(options.sessionRepository ? { sessionRepository: options.sessionRepository } : {}),
    ...(options.outcomes ? { outcomes: options.outcomes } : {}),
  });
  await dashboard.start();
  await dashboard.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = dashboard.app.server.address() as AddressInfo;
  return { dashboard, baseUrl: `http://127.0.0.1:${port}`, stop: () => dashboard.stop() };
}

/** Polls until `check` returns a value other than undefined, or fails saying what it waited for. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

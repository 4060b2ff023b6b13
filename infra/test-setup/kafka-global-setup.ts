import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM module without type declarations
import { acquireBroker } from '../kafka-local/broker-selection.mjs';

interface AcquiredBroker {
  brokers: string;
  kind: string;
  startSeconds?: number;
  release: () => Promise<void>;
}

/**
 * One real broker for the whole test run: KAFKA_BROKERS if set, else Docker, else the local JVM
 * broker on a port of its own (19092) so tests never touch the broker of a running `npm start`.
 * Opt-in: FIRSTSYNC_TEST_KAFKA_BROKERS=3 runs every integration test against a local 3-node KRaft
 * cluster instead (ports 19092-19097; topics get RF 3 / min.insync.replicas 2).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = Number(process.env.FIRSTSYNC_TEST_KAFKA_PORT ?? 19092);
  const brokers = Number(process.env.FIRSTSYNC_TEST_KAFKA_BROKERS ?? 1);
  const broker = (await acquireBroker({ port, brokers })) as AcquiredBroker;
  process.stderr.write(`[test] Kafka: ${broker.brokers} (${broker.kind}${broker.startSeconds ? `, ready in ${broker.startSeconds}s` : ''})\n`);
  process.env.KAFKA_BROKERS = broker.brokers;
  project.provide('kafkaBrokers', broker.brokers);
  return async () => {
    await broker.release();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}

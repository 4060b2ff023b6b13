import type { BatchHandler, ConsumerOptions, IncomingRecord, KafkaClient, RecordConsumer } from '@firstsync/kafka';
import { factRecordKey } from '@firstsync/outcomes-core';
import { idleBatchContext, quietLogger } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABSORBER_FETCH_BYTES, createOutcomesAbsorber, type OutcomesStore, openOutcomesStore } from '../src/index';
import { FIXTURE_RECORDS, SEP_OCT } from './fixture-facts';
import { fixtureReference } from './outcomes-store-contract';

const TOPIC = 'outcomes.facts.v1';

/** A client without a broker: it keeps the consumer's options and hands the test its batch handler. */
function fakeKafka() {
  const seen: { options?: ConsumerOptions; handler?: BatchHandler } = {};
  const consumer: RecordConsumer = {
    start: async (handler) => {
      seen.handler = handler;
    },
    stop: async () => undefined,
    pause: () => undefined,
    resume: () => undefined,
    running: true,
  };
  const kafka: KafkaClient = {
    kind: 'kafkajs',
    ping: async () => true,
    brokerCount: async () => 1,
    listTopics: async () => [TOPIC],
    createTopics: async () => undefined,
    fetchTopicOffsets: async () => [{ partition: 0, low: '0', high: String(FIXTURE_RECORDS.length) }],
    isRetriable: () => false,
    createProducerTransport: () => {
      throw new Error('the absorber does not produce');
    },
    createConsumer: (_logger, options) => {
      seen.options = options;
      return consumer;
    },
  };
  return { kafka, seen };
}

const context = idleBatchContext();

describe('outcomes absorber fetches', () => {
  let store: OutcomesStore;
  const calls: number[] = [];

  beforeAll(async () => {
    const inner = await openOutcomesStore({ url: 'pglite:' });
    store = {
      ...inner,
      absorb: (records, positions) => {
        calls.push(records.length);
        return inner.absorb(records, positions);
      },
    };
    await store.loadReference(await fixtureReference(), { source: 'fixture', loadedAt: '2024-12-01T09:00:00Z', asOf: '2024-12-01' });
  });

  afterAll(async () => {
    await store?.close();
  });

  it('asks for fetches of ABSORBER_FETCH_BYTES a partition and absorbs each in one transaction with its offset', async () => {
    // Rollup rows cost the same per transaction whatever its size: the client's 1 MiB default made
    // a national backlog ~800 consultations a transaction.
    expect(ABSORBER_FETCH_BYTES).toBeGreaterThanOrEqual(16 * 1_048_576);
    const { kafka, seen } = fakeKafka();
    const absorber = await createOutcomesAbsorber({ kafka, logger: quietLogger, store, topic: TOPIC });
    expect(seen.options?.maxBytesPerPartition).toBe(ABSORBER_FETCH_BYTES);

    const records: IncomingRecord[] = FIXTURE_RECORDS.map((fact, i) => ({
      topic: TOPIC,
      partition: 0,
      offset: String(i),
      key: factRecordKey(fact),
      value: Buffer.from(JSON.stringify(fact)),
      headers: {},
      timestamp: 0,
    }));
    await seen.handler?.(records, context);
    await absorber.reached;
    expect(calls).toEqual([FIXTURE_RECORDS.length]);
    expect(await store.offsets('outcomes-store')).toEqual([
      { consumer: 'outcomes-store', topic: TOPIC, partition: 0, nextOffset: String(FIXTURE_RECORDS.length) },
    ]);
    expect((await store.figures({ level: 'national' }, SEP_OCT)).totals).toEqual({ consultations: 8, previous: 1 });
    await absorber.stop();
  });
});

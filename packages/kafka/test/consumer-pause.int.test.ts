import { randomUUID } from 'node:crypto';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordConsumer, createRecordProducer, type IncomingRecord, type RecordConsumer, type RecordProducer } from '../src';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitUntil = async (condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${what}`);
    await sleep(20);
  }
};

// Long enough for many fetch cycles (maxWaitTimeInMs is 100 ms): a pause that does nothing lets
// the records produced meanwhile through within one of them.
const PAUSED_FOR_MS = 2_500;
const PRODUCE_EVERY_MS = 250;

interface Harness {
  producer: RecordProducer;
  consumer: RecordConsumer;
  seen: IncomingRecord[];
  values: (filter?: (r: IncomingRecord) => boolean) => string[];
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function harness(topics: readonly string[]): Promise<Harness> {
  const producer = createRecordProducer(testKafka(), quietLogger);
  await producer.connect();
  const consumer = createRecordConsumer(testKafka(), quietLogger, {
    groupId: `pause-${randomUUID()}`,
    topics,
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
    // Every partition at once, so a paused one cannot hide behind another's slow batch.
    partitionsConsumedConcurrently: 6,
  });
  const seen: IncomingRecord[] = [];
  await consumer.start(async (records, context) => {
    for (const record of records) {
      seen.push(record);
      context.markDone(record);
    }
  });
  cleanup = async () => {
    await consumer.stop();
    await producer.disconnect();
  };
  return { producer, consumer, seen, values: (filter = () => true) => seen.filter(filter).map((r) => String(r.value)) };
}

/**
 * Produces to the paused target and to a live control for PAUSED_FOR_MS. The control's records
 * must keep arriving (the consumer is fetching) while none of the target's do.
 */
async function produceWhilePaused(h: Harness, target: { topic: string; key: string }, control: { topic: string; key: string }): Promise<string[]> {
  const produced: string[] = [];
  const started = Date.now();
  for (let i = 0; Date.now() - started < PAUSED_FOR_MS; i += 1) {
    const value = `while-paused-${i}`;
    await h.producer.send([
      { topic: target.topic, key: target.key, value },
      { topic: control.topic, key: control.key, value: `control-${i}` },
    ]);
    produced.push(value);
    await sleep(PRODUCE_EVERY_MS);
  }
  // The last control record was produced after the last paused one: once it is in, the consumer
  // has fetched past the moment every paused record was produced.
  const lastControl = `control-${produced.length - 1}`;
  await waitUntil(() => h.values().includes(lastControl), 'the live control keeps being consumed while the other is paused');
  return produced;
}

describe('consumer pause and resume against the real broker', () => {
  it('delivers nothing of a paused partition while others flow, then everything after resume', async () => {
    const { topics } = await isolatedTopics('kafka-pause');
    const topic = topics.gpMessages; // 6 partitions
    const h = await harness([topic]);
    // Learn which partition each key lands on, from what the consumer sees.
    const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
    await h.producer.send(keys.map((key) => ({ topic, key, value: `warm-up-${key}` })));
    await waitUntil(() => h.seen.length >= keys.length, 'warm-up records consumed');
    const partitionOf = new Map(h.seen.map((r) => [r.key ?? '', r.partition]));
    const target = { topic, key: keys[0] ?? '' };
    const targetPartition = partitionOf.get(target.key) ?? -1;
    const controlKey = keys.find((k) => partitionOf.get(k) !== targetPartition);
    if (controlKey === undefined) throw new Error('every key landed on one partition');

    h.consumer.pause(topic, [targetPartition]);
    // A fetch already in flight when pause() was called may still bring a record: start producing
    // only once a record produced after the pause has come through on another partition.
    await h.producer.send({ topic, key: controlKey, value: 'after-pause-marker' });
    await waitUntil(() => h.values().includes('after-pause-marker'), 'a record produced after the pause on another partition');
    const inTarget = (r: IncomingRecord) => r.partition === targetPartition && String(r.value).startsWith('while-paused');

    const produced = await produceWhilePaused(h, target, { topic, key: controlKey });
    expect(produced.length).toBeGreaterThanOrEqual(5);
    expect(h.values(inTarget), `records of paused partition ${targetPartition} delivered while it was paused`).toEqual([]);

    h.consumer.resume(topic, [targetPartition]);
    await waitUntil(() => h.values(inTarget).length === produced.length, 'every record of the paused partition after resume');
    expect(h.values(inTarget)).toEqual(produced);
  });

  it('delivers nothing of a paused topic while another topic flows, then everything after resume', async () => {
    const { topics } = await isolatedTopics('kafka-pause-topic');
    const h = await harness([topics.opsCommands, topics.pipelineEvents]);
    await h.producer.send({ topic: topics.opsCommands, key: 'k', value: 'before-pause' });
    await waitUntil(() => h.values().includes('before-pause'), 'a record before the pause');

    h.consumer.pause(topics.opsCommands);
    await h.producer.send({ topic: topics.pipelineEvents, key: 'k', value: 'after-pause-marker' });
    await waitUntil(() => h.values().includes('after-pause-marker'), 'a record produced after the pause on the other topic');
    const inPaused = (r: IncomingRecord) => r.topic === topics.opsCommands && String(r.value).startsWith('while-paused');

    const produced = await produceWhilePaused(h, { topic: topics.opsCommands, key: 'k' }, { topic: topics.pipelineEvents, key: 'k' });
    expect(h.values(inPaused), 'records of the paused topic delivered while it was paused').toEqual([]);

    h.consumer.resume(topics.opsCommands);
    await waitUntil(() => h.values(inPaused).length === produced.length, 'every record of the paused topic after resume');
    expect(h.values((r) => r.topic === topics.opsCommands)).toEqual(['before-pause', ...produced]);
  });
});

import { isolatedTopics, quietLogger, readTopic, testKafka } from '@firstsync/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecordProducer, type RecordProducer } from '../src';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('producer batching against the real broker', () => {
  const producers: RecordProducer[] = [];
  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect()));
  });

  it('keeps the order of one key across many requests while sends queue behind the one in flight', async () => {
    const { topics } = await isolatedTopics('kafka-order');
    // Tiny requests force many of them, so sends keep arriving while one is in flight.
    const producer = createRecordProducer(testKafka(), quietLogger, { lingerMs: 0, maxBatchRecords: 7 });
    producers.push(producer);
    await producer.connect();
    const sends: Promise<void>[] = [];
    for (let n = 0; n < 120; n++) {
      sends.push(producer.send({ topic: topics.pipelineEvents, key: 'one-partition', value: JSON.stringify({ n }) }));
      if (n % 10 === 9) await nextTurn();
    }
    await Promise.all(sends);
    const reader = await readTopic<{ n: number }>(topics.pipelineEvents);
    const values = await reader.waitFor((v) => v.length >= 120);
    await reader.close();
    expect(values.map((v) => v.n)).toEqual(Array.from({ length: 120 }, (_, n) => n));
  });

  it('disconnect() sends everything queued while a request was in flight, then resolves', async () => {
    const { topics } = await isolatedTopics('kafka-drain');
    const producer = createRecordProducer(testKafka(), quietLogger, { lingerMs: 0 });
    await producer.connect();
    const first = producer.send({ topic: topics.pipelineEvents, key: 'k', value: JSON.stringify({ n: 0 }) });
    await nextTurn(); // the first request is now in flight
    const queued = Array.from({ length: 30 }, (_, i) => producer.send({ topic: topics.pipelineEvents, key: 'k', value: JSON.stringify({ n: i + 1 }) }));
    await producer.disconnect();
    const outcomes = await Promise.allSettled([first, ...queued]);
    expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 31 }, () => 'fulfilled'));
    const reader = await readTopic<{ n: number }>(topics.pipelineEvents);
    const values = await reader.waitFor((v) => v.length >= 31);
    await reader.close();
    expect(values.map((v) => v.n)).toEqual(Array.from({ length: 31 }, (_, n) => n));
  });

  it('sends records given in one call as one unit even when they exceed maxBatchRecords', async () => {
    const { topics } = await isolatedTopics('kafka-unit');
    const producer = createRecordProducer(testKafka(), quietLogger, { maxBatchRecords: 5 });
    producers.push(producer);
    await producer.connect();
    await Promise.all([
      producer.send(Array.from({ length: 12 }, (_, n) => ({ topic: topics.pipelineEvents, key: 'k', value: JSON.stringify({ n }) }))),
      producer.send({ topic: topics.pipelineEvents, key: 'k', value: JSON.stringify({ n: 12 }) }),
    ]);
    const reader = await readTopic<{ n: number }>(topics.pipelineEvents);
    const values = await reader.waitFor((v) => v.length >= 13);
    await reader.close();
    expect(values.map((v) => v.n)).toEqual(Array.from({ length: 13 }, (_, n) => n));
  });
});

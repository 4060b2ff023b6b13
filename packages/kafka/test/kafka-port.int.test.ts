import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedTopics, quietLogger, readTopic, testKafka } from '@firstsync/testkit';
import { createRecordProducer, ensureTopics, HEADER, type RecordProducer } from '../src';

describe('kafka port against the real broker', () => {
  const producers: RecordProducer[] = [];
  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect()));
  });

  it('creates topics idempotently and round-trips records with headers, batching concurrent sends', async () => {
    const { prefix, topics } = await isolatedTopics('kafka-port');
    await ensureTopics(testKafka(), quietLogger, { prefix }); // second time: no error, nothing to do
    const producer = createRecordProducer(testKafka(), quietLogger, { lingerMs: 5 });
    producers.push(producer);
    await producer.connect();
    const ids = Array.from({ length: 50 }, () => randomUUID());
    await Promise.all(ids.map((id) => producer.send({ topic: topics.pipelineEvents, key: id, value: JSON.stringify({ id }), headers: { [HEADER.correlationId]: `c-${id}` } })));
    const reader = await readTopic<{ id: string }>(topics.pipelineEvents);
    const values = await reader.waitFor((v) => v.length >= ids.length);
    await reader.close();
    expect(new Set(values.map((v) => v.id))).toEqual(new Set(ids));
  });

  it('fails a send fast with KafkaUnavailableError when no broker answers', async () => {
    const { createKafkaClient, KafkaUnavailableError } = await import('../src');
    const dead = createKafkaClient({ brokers: '127.0.0.1:1', clientId: 'dead', connectionTimeoutMs: 200, retries: 1 }, quietLogger);
    const producer = createRecordProducer(dead, quietLogger, { sendTimeoutMs: 1_000 });
    await expect(producer.connect()).rejects.toThrow();
    await expect(producer.send({ topic: 'x', key: null, value: 'v' })).rejects.toBeInstanceOf(KafkaUnavailableError);
  });
});

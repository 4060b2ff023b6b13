import { randomUUID } from 'node:crypto';
import { isolatedTopics, quietLogger, readTopic, testKafka } from '@firstsync/testkit';
import { afterAll, describe, expect, it } from 'vitest';
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
    await Promise.all(
      ids.map((id) => producer.send({ topic: topics.pipelineEvents, key: id, value: JSON.stringify({ id }), headers: { [HEADER.correlationId]: `c-${id}` } })),
    );
    const reader = await readTopic<{ id: string }>(topics.pipelineEvents);
    const values = await reader.waitFor((v) => v.length >= ids.length);
    await reader.close();
    expect(new Set(values.map((v) => v.id))).toEqual(new Set(ids));
  });

  it('cuts a backlog bigger than the broker request limit into requests it accepts', async () => {
    const { topics } = await isolatedTopics('kafka-bytes');
    const producer = createRecordProducer(testKafka(), quietLogger, { lingerMs: 5 });
    producers.push(producer);
    await producer.connect();
    // One key = one partition: 120 x 20 KB is 2.4 MB, over the broker's 1 MiB per partition batch.
    const padding = 'x'.repeat(20_000);
    const ids = Array.from({ length: 120 }, () => randomUUID());
    await producer.send(ids.map((id) => ({ topic: topics.gpMessages, key: 'A81001', value: JSON.stringify({ id, padding }) })));
    const reader = await readTopic<{ id: string }>(topics.gpMessages);
    const values = await reader.waitFor((v) => v.length >= ids.length);
    await reader.close();
    expect(values.map((v) => v.id)).toEqual(ids);
  });

  it('keeps working after a send the broker refused', async () => {
    const { topics } = await isolatedTopics('kafka-recover');
    const producer = createRecordProducer(testKafka(), quietLogger, { lingerMs: 1, sendTimeoutMs: 15_000 });
    producers.push(producer);
    await producer.connect();
    await expect(producer.send({ topic: topics.pipelineEvents, key: 'k', value: 'y'.repeat(2_000_000) })).rejects.toThrow();
    const id = randomUUID();
    await producer.send({ topic: topics.pipelineEvents, key: 'k', value: JSON.stringify({ id }) });
    const reader = await readTopic<{ id: string }>(topics.pipelineEvents);
    const values = await reader.waitFor((v) => v.some((value) => value.id === id));
    await reader.close();
    expect(values.map((v) => v.id)).toEqual([id]);
  });

  it('fails a send fast with KafkaUnavailableError when no broker answers', async () => {
    const { createKafkaClient, KafkaUnavailableError } = await import('../src');
    const dead = createKafkaClient({ brokers: '127.0.0.1:1', clientId: 'dead', connectionTimeoutMs: 200, retries: 1 }, quietLogger);
    // connectWithinMs: @platformatic/kafka reports a dead broker as retriable, so connect would keep trying for its default minute.
    const producer = createRecordProducer(dead, quietLogger, { sendTimeoutMs: 1_000, connectWithinMs: 1_000 });
    await expect(producer.connect()).rejects.toThrow();
    await expect(producer.send({ topic: 'x', key: null, value: 'v' })).rejects.toBeInstanceOf(KafkaUnavailableError);
  });
});

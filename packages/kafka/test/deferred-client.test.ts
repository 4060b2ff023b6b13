import { createLogger } from '@firstsync/logging';
import { describe, expect, it } from 'vitest';
import type { ConsumerOptions, RecordConsumer } from '../src/consumer';
import { deferredClient } from '../src/deferred-client';
import type { KafkaClient, ProducerTransport } from '../src/port';

const logger = createLogger({ service: 'deferred-client-test', level: 'silent' });
const options: ConsumerOptions = { groupId: 'g', topics: ['t'] };

/** A client whose library "loads" when the test says so, recording what is done to its parts. */
function loadingClient() {
  const calls: string[] = [];
  const disconnectListeners: (() => void)[] = [];
  const consumer: RecordConsumer = {
    start: async () => void calls.push('start'),
    stop: async () => void calls.push('stop'),
    pause: (topic, partitions) => void calls.push(`pause ${topic} ${partitions?.join(',') ?? '*'}`),
    resume: (topic) => void calls.push(`resume ${topic}`),
    running: true,
  };
  const producer: ProducerTransport = {
    connect: async () => void calls.push('connect'),
    send: async (records) => void calls.push(`send ${records.length}`),
    disconnect: async () => void calls.push('disconnect'),
    onDisconnect: (listener) => void disconnectListeners.push(listener),
  };
  const real: KafkaClient = {
    kind: 'kafkajs',
    ping: async () => true,
    brokerCount: async () => 3,
    listTopics: async () => ['t'],
    createTopics: async () => undefined,
    fetchTopicOffsets: async () => [],
    isRetriable: (err) => err === 'retriable',
    createProducerTransport: () => producer,
    createConsumer: () => consumer,
  };
  let load: (client: KafkaClient) => void = () => undefined;
  const loaded = new Promise<KafkaClient>((resolve) => {
    load = resolve;
  });
  return { calls, disconnectListeners, real, loaded, finishLoading: () => load(real) };
}

describe('deferredClient (only the chosen Kafka library is loaded, asynchronously)', () => {
  it('answers calls made while loading once the adapter is there', async () => {
    const fake = loadingClient();
    const client = deferredClient('kafkajs', () => fake.loaded);
    expect(client.kind).toBe('kafkajs');
    expect(client.isRetriable('retriable')).toBe(false);
    const pinged = client.ping();
    fake.finishLoading();
    expect(await pinged).toBe(true);
    expect(await client.brokerCount()).toBe(3);
    expect(client.isRetriable('retriable')).toBe(true);
  });

  it('a consumer created while loading gets the pauses made before the real one exists, in order, then runs', async () => {
    const fake = loadingClient();
    const client = deferredClient('kafkajs', () => fake.loaded);
    const consumer = client.createConsumer(logger, options);
    consumer.pause('t', [1, 2]);
    consumer.resume('t');
    consumer.pause('t');
    expect(consumer.running).toBe(false);
    const started = consumer.start(async () => undefined);
    fake.finishLoading();
    await started;
    consumer.pause('u', [3]);
    await consumer.stop();
    expect(fake.calls).toEqual(['pause t 1,2', 'resume t', 'pause t *', 'start', 'pause u 3', 'stop']);
    expect(consumer.running).toBe(true);
  });

  it('a producer created while loading keeps the disconnect listeners given before the real one exists', async () => {
    const fake = loadingClient();
    const client = deferredClient('kafkajs', () => fake.loaded);
    const producer = client.createProducerTransport();
    let disconnected = 0;
    producer.onDisconnect(() => {
      disconnected += 1;
    });
    const connected = producer.connect();
    fake.finishLoading();
    await connected;
    producer.onDisconnect(() => {
      disconnected += 10;
    });
    await producer.send([{ topic: 't', key: null, value: 'x' }]);
    await producer.disconnect();
    for (const listener of fake.disconnectListeners) listener();
    expect(fake.calls).toEqual(['connect', 'send 1', 'disconnect']);
    expect(disconnected).toBe(11);
  });

  it('hands out the real producer and consumer once loaded', async () => {
    const fake = loadingClient();
    const client = deferredClient('kafkajs', () => fake.loaded);
    fake.finishLoading();
    await client.ping();
    expect(client.createProducerTransport()).toBe(fake.real.createProducerTransport());
    expect(client.createConsumer(logger, options)).toBe(fake.real.createConsumer(logger, options));
  });

  it('rejects what needs the client when the library cannot be loaded', async () => {
    const client = deferredClient('platformatic', () => Promise.reject(new Error('no such package')));
    const producer = client.createProducerTransport();
    await expect(client.ping()).rejects.toThrow('no such package');
    await expect(producer.connect()).rejects.toThrow('no such package');
  });
});

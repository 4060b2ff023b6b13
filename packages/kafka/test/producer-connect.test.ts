// A producer started while a broker is coming back keeps trying to connect instead of failing the
// service's start-up (the replicated chaos run saw a delivery instance exit on one ECONNREFUSED).
import { createLogger } from '@firstsync/logging';
import { describe, expect, it } from 'vitest';
import type { KafkaClient, ProducerTransport } from '../src/port';
import { createRecordProducer } from '../src/producer';

const logger = createLogger({ service: 'producer-connect-test', level: 'silent' });

/** A client whose producer refuses `refusals` connects with `error`, then connects. */
function refusingClient(refusals: number, error: unknown) {
  let attempts = 0;
  const transport: ProducerTransport = {
    connect: async () => {
      attempts += 1;
      if (attempts <= refusals) throw error;
    },
    send: async () => undefined,
    disconnect: async () => undefined,
    onDisconnect: () => undefined,
  };
  const client: KafkaClient = {
    kind: 'kafkajs',
    ping: async () => true,
    brokerCount: async () => 3,
    listTopics: async () => [],
    createTopics: async () => undefined,
    fetchTopicOffsets: async () => [],
    isRetriable: (err) => (err as { retriable?: unknown }).retriable === true,
    createProducerTransport: () => transport,
    createConsumer: () => {
      throw new Error('not used');
    },
  };
  return { client, attempts: () => attempts };
}

const refused = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:28862'), { retriable: true });

describe('RecordProducer.connect', () => {
  it('tries again while the brokers refuse transiently, and is connected in the end', async () => {
    const broker = refusingClient(2, refused);
    const producer = createRecordProducer(broker.client, logger);
    await producer.connect();
    expect(broker.attempts()).toBe(3);
    expect(producer.connected).toBe(true);
  });

  it('gives up at once on an error that is not transient, and after connectWithinMs on one that is', async () => {
    const fatal = refusingClient(1, new Error('SASL authentication failed'));
    await expect(createRecordProducer(fatal.client, logger).connect()).rejects.toThrow('SASL');
    expect(fatal.attempts()).toBe(1);

    const down = refusingClient(Number.POSITIVE_INFINITY, refused);
    const producer = createRecordProducer(down.client, logger, { connectWithinMs: 1 });
    await expect(producer.connect()).rejects.toThrow('ECONNREFUSED');
    expect(producer.connected).toBe(false);
  });
});

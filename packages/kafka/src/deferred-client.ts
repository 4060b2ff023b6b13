import type { Logger } from '@firstsync/logging';
import type { BatchHandler, ConsumerOptions, RecordConsumer } from './consumer';
import type { KafkaClient, KafkaClientKind, OutgoingRecord, ProducerTransport } from './port';

/**
 * The port, served by an adapter that is still loading. A process loads only the client library it
 * chose (KAFKA_CLIENT): importing both kept the other one's code and its dependencies on the heap of
 * every service (about 10 MB of heap and 18 MB of RSS for @platformatic/kafka alone), and a library
 * can only be imported asynchronously. Loading starts at once, so it has normally finished before
 * the first call; until then calls wait for it, and producers and consumers created meanwhile are
 * stand-ins that create the real one when it is there.
 */
export function deferredClient(kind: KafkaClientKind, load: () => Promise<KafkaClient>): KafkaClient {
  let loaded: KafkaClient | undefined;
  const loading = load().then((client) => {
    loaded = client;
    return client;
  });
  // A failed load rejects every call that needs the client; it is not an unhandled rejection on its own.
  loading.catch(() => undefined);
  return {
    kind,
    ping: async () => (await loading).ping(),
    brokerCount: async () => (await loading).brokerCount(),
    listTopics: async () => (await loading).listTopics(),
    createTopics: async (topics) => (await loading).createTopics(topics),
    fetchTopicOffsets: async (topic) => (await loading).fetchTopicOffsets(topic),
    // An error from the library can only exist once the library is loaded.
    isRetriable: (err) => loaded?.isRetriable(err) ?? false,
    createProducerTransport: () => loaded?.createProducerTransport() ?? deferredProducer(loading),
    createConsumer: (logger, options) => loaded?.createConsumer(logger, options) ?? deferredConsumer(loading, logger, options),
  };
}

function deferredProducer(loading: Promise<KafkaClient>): ProducerTransport {
  let created: ProducerTransport | undefined;
  const listeners: (() => void)[] = [];
  const transport = loading.then((client) => {
    created = client.createProducerTransport();
    for (const listener of listeners) created.onDisconnect(listener);
    return created;
  });
  transport.catch(() => undefined);
  return {
    connect: async () => (await transport).connect(),
    send: async (records: readonly OutgoingRecord[]) => (await transport).send(records),
    disconnect: async () => (await transport).disconnect(),
    onDisconnect: (listener) => {
      if (created) created.onDisconnect(listener);
      else listeners.push(listener);
    },
  };
}

function deferredConsumer(loading: Promise<KafkaClient>, logger: Logger, options: ConsumerOptions): RecordConsumer {
  let created: RecordConsumer | undefined;
  // pause/resume before the real consumer exists, applied to it in order as soon as it does.
  const early: ((consumer: RecordConsumer) => void)[] = [];
  const consumer = loading.then((client) => {
    const real = client.createConsumer(logger, options);
    for (const apply of early.splice(0)) apply(real);
    created = real;
    return real;
  });
  consumer.catch(() => undefined);
  const now = (apply: (real: RecordConsumer) => void): void => {
    if (created) apply(created);
    else early.push(apply);
  };
  return {
    start: async (handler: BatchHandler) => (await consumer).start(handler),
    stop: async () => (await consumer).stop(),
    pause: (topic, partitions) => now((real) => real.pause(topic, partitions)),
    resume: (topic, partitions) => now((real) => real.resume(topic, partitions)),
    get running() {
      return created?.running ?? false;
    },
  };
}

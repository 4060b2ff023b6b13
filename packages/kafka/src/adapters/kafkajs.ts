import { readFileSync } from 'node:fs';
import type { Logger } from '@firstsync/logging';
import type { Consumer, ConsumerRunConfig, EachBatchPayload, Kafka, KafkaConfig, logCreator, logLevel, Message, SASLOptions } from 'kafkajs';
import type { KafkaSettings } from '../client';
import {
  type ConsumerOptions,
  DEFAULT_FETCH_BYTES_PER_PARTITION,
  type IncomingRecord,
  type RecordConsumer,
  reportAssignment,
  WHOLE_FETCH_MIN_BYTES,
} from '../consumer';
import { decodeHeaders } from '../headers';
import type { KafkaClient, OutgoingRecord, ProducerTransport } from '../port';
import { crashRestarts } from './kafkajs-restart';
import { keptAdmin } from './kept-admin';

/** What the adapter uses of kafkajs, imported by client.ts only when this client is chosen. */
export type KafkajsLibrary = Pick<typeof import('kafkajs'), 'Kafka' | 'Partitioners'>;

// kafkajs's logLevel values: its enum is an object of the library at run time (test: kafka-log-levels).
const LEVEL = { ERROR: 1, WARN: 2, INFO: 4 } as const satisfies Record<string, logLevel>;

// kafkajs logs through our pino logger so its lines are structured and redacted like ours.
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const fields = { kafka: { broker: extra.broker, groupId: extra.groupId, error: extra.error } };
      // kafkajs logs every error answer of the broker at error level, also the ones it retries (a
      // coordinator still loading at start-up, a leader moving). Those are warnings: a failure that
      // outlasts the retries reaches the service as a rejected call and is logged there.
      const retriedResponse = typeof message === 'string' && message.startsWith('Response ');
      if (level === LEVEL.ERROR && !retriedResponse) logger.error(fields, message);
      else if (level === LEVEL.ERROR) logger.warn(fields, message);
      else if (level === LEVEL.WARN) logger.warn(fields, message);
      else if (level === LEVEL.INFO) logger.debug(fields, message);
    };
}

/** The kafkajs adapter of the port (the default client). */
export function createKafkajsClient(lib: KafkajsLibrary, settings: KafkaSettings, logger: Logger): KafkaClient {
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    connectionTimeout: settings.connectionTimeoutMs ?? 3_000,
    requestTimeout: settings.requestTimeoutMs ?? 30_000,
    // multiplier and factor are kafkajs' production defaults, named because under NODE_ENV=test
    // (vitest) kafkajs swaps in test defaults (1.5, 0.02) that give up after ~4 s instead of ~9 s.
    retry: { retries: settings.retries ?? 5, initialRetryTime: 300, maxRetryTime: 10_000, multiplier: 2, factor: 0.2 },
    logLevel: LEVEL.WARN,
    logCreator: kafkaLogCreator(logger.child({ component: 'kafkajs' })),
  };
  if (settings.ssl) config.ssl = settings.sslCaFile ? { ca: [readFileSync(settings.sslCaFile, 'utf8')] } : true;
  if (settings.sasl) config.sasl = settings.sasl as SASLOptions;
  const kafka = new lib.Kafka(config);

  async function withAdmin<T>(use: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
    const admin = kafka.admin();
    try {
      await admin.connect();
      return await use(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  // Ingest's status freshness asks for a topic's ends every second: one admin serves those calls.
  const offsetsAdmin = keptAdmin(
    async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
      } catch (err) {
        await admin.disconnect().catch(() => undefined);
        throw err;
      }
      return admin;
    },
    (admin) => admin.disconnect(),
  );

  return {
    kind: 'kafkajs',
    async ping() {
      try {
        await withAdmin((admin) => admin.describeCluster());
        return true;
      } catch {
        return false;
      }
    },
    brokerCount: () => withAdmin(async (admin) => (await admin.describeCluster()).brokers.length),
    listTopics: () => withAdmin((admin) => admin.listTopics()),
    async createTopics(topics) {
      await withAdmin((admin) =>
        admin.createTopics({
          waitForLeaders: true,
          topics: topics.map((t) => ({
            topic: t.topic,
            numPartitions: t.partitions,
            replicationFactor: t.replicationFactor ?? -1,
            configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
          })),
        }),
      );
    },
    fetchTopicOffsets: (topic) =>
      offsetsAdmin.use(async (admin) => (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, low: o.low, high: o.high }))),
    isRetriable: (err) => typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true,
    createProducerTransport: () => kafkajsProducer(lib, kafka),
    createConsumer: (consumerLogger, options) => kafkajsConsumer(kafka, consumerLogger, options),
  };
}

function kafkajsProducer(lib: KafkajsLibrary, kafka: Kafka): ProducerTransport {
  // Idempotent with one request in flight: retries can neither duplicate nor reorder records.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // kafkajs 2's default (Java-compatible murmur2), named so kafkajs stops warning at every start.
    createPartitioner: lib.Partitioners.DefaultPartitioner,
  });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    onDisconnect(listener) {
      producer.on(producer.events.DISCONNECT, listener);
    },
    async send(records: readonly OutgoingRecord[]) {
      const byTopic = new Map<string, Message[]>();
      for (const record of records) {
        const messages = byTopic.get(record.topic) ?? [];
        messages.push({ key: record.key, value: record.value, ...(record.headers ? { headers: record.headers } : {}) });
        byTopic.set(record.topic, messages);
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    },
  };
}

function toRecord(topic: string, partition: number, message: EachBatchPayload['batch']['messages'][number]): IncomingRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: decodeHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

function kafkajsConsumer(kafka: Kafka, logger: Logger, options: ConsumerOptions): RecordConsumer {
  let running = false;
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
    maxBytesPerPartition: options.maxBytesPerPartition ?? DEFAULT_FETCH_BYTES_PER_PARTITION,
    // A whole fetch is capped at 10 MiB by default: a larger per-partition budget (the outcomes
    // absorber's) would be cut to it.
    maxBytes: Math.max(WHOLE_FETCH_MIN_BYTES, options.maxBytesPerPartition ?? 0),
    // kafkajs defaults to 5 s: a resumed partition (delivery pauses slow or not-yet-due work) then
    // waited up to 5 s, and so did stop(). An idle consumer costs one empty fetch per 100 ms.
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
    minBytes: options.minBytes ?? 1,
    allowAutoTopicCreation: false,
    // kafkajs' consumer default of 5 retries, and no restart of a member that stop() already ended
    // but that was still rejoining when it was stopped.
    retry: { retries: 5, restartOnFailure: async () => running },
  });
  let runConfig: ConsumerRunConfig | undefined;
  const restarts = crashRestarts({
    logger,
    groupId: options.groupId,
    wanted: () => running,
    rerun: async () => {
      if (runConfig) await consumer.run(runConfig);
    },
  });

  consumer.on(consumer.events.CRASH, (event) => {
    const { error, restart } = event.payload;
    logger.error({ err: error, groupId: options.groupId, restart: restart || running }, 'kafka consumer crashed');
    // A crashed member has left the group; a restart joins again and reports its new assignment.
    reportAssignment(options, logger, []);
    if (!restart) restarts.crashed();
  });
  consumer.on(consumer.events.GROUP_JOIN, () => restarts.joined());
  // The start offsets are sought on the first join, before its first fetch (kafkajs applies a seek
  // when the partition is assigned and commits it). Its admin.setOffsets would instead join the group
  // once per topic as a throwaway member: seconds per topic.
  let starts = options.startOffsets ?? [];
  if (starts.length > 0) {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const { topic, partition, offset } of starts) consumer.seek({ topic, partition, offset });
      starts = [];
    });
  }
  if (options.onAssignment) {
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assignment = Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
      reportAssignment(options, logger, assignment);
    });
  }

  return {
    get running() {
      return running;
    },
    async start(handler) {
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
      running = true;
      const { commitIntervalMs } = options;
      let committedAt = Date.now();
      runConfig = {
        // kafkajs' auto-commit commits after every batch (its interval only gates commitOffsetsIfNecessary).
        autoCommit: commitIntervalMs === undefined,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const records = batch.messages.map((m) => toRecord(batch.topic, batch.partition, m));
          const commitDone = async (): Promise<void> => {
            const offsets = payload.uncommittedOffsets();
            committedAt = Date.now();
            if (offsets.topics.length > 0) await payload.commitOffsetsIfNecessary(offsets);
          };
          await handler(records, {
            markDone: (record) => payload.resolveOffset(record.offset),
            heartbeat: () => payload.heartbeat(),
            pause: () => payload.pause(),
            shouldContinue: () => payload.isRunning() && !payload.isStale(),
            commit: commitDone,
          });
          if (commitIntervalMs !== undefined && Date.now() - committedAt >= commitIntervalMs) await commitDone();
        },
      };
      await consumer.run(runConfig);
    },
    async stop() {
      running = false;
      restarts.cancel();
      try {
        await consumer.disconnect();
      } finally {
        reportAssignment(options, logger, []);
      }
    },
    pause(topic, partitions) {
      consumer.pause([{ topic, ...(partitions ? { partitions } : {}) }]);
    },
    resume(topic, partitions) {
      consumer.resume([{ topic, ...(partitions ? { partitions } : {}) }]);
    },
  };
}

import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { Logger } from '@firstsync/logging';
import type { Admin, Consumer, Message, MessagesStream } from '@platformatic/kafka';
import type { KafkaSettings } from '../client';
import {
  type BatchContext,
  type BatchHandler,
  type ConsumerOptions,
  DEFAULT_FETCH_BYTES_PER_PARTITION,
  type IncomingRecord,
  type PartitionStart,
  type RecordConsumer,
  reportAssignment,
  WHOLE_FETCH_MIN_BYTES,
} from '../consumer';
import { decodeHeaders } from '../headers';
import type { KafkaClient, OutgoingRecord, PartitionRange, ProducerTransport } from '../port';
import { keptAdmin } from './kept-admin';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Closes a client or stream, never throwing (a close can throw synchronously inside the library). */
async function quietly(close: () => Promise<unknown> | undefined): Promise<void> {
  try {
    await close();
  } catch {
    // already closed or never connected
  }
}

type BaseOptions = ConstructorParameters<typeof Admin>[0];

/** What the adapter uses of @platformatic/kafka, imported by client.ts only when this client is chosen. */
export type PlatformaticLibrary = Pick<typeof import('@platformatic/kafka'), 'Admin' | 'Consumer' | 'Producer' | 'compatibilityPartitioner'>;

function baseOptions(settings: KafkaSettings, clientId: string): BaseOptions {
  const options: BaseOptions = {
    clientId,
    bootstrapBrokers: settings.brokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    connectTimeout: settings.connectionTimeoutMs ?? 3_000,
    requestTimeout: settings.requestTimeoutMs ?? 30_000,
    timeout: settings.requestTimeoutMs ?? 30_000,
    retries: settings.retries ?? 5,
    retryDelay: 300,
  };
  if (settings.ssl) {
    const tls: TlsOptions = settings.sslCaFile ? { ca: [readFileSync(settings.sslCaFile, 'utf8')] } : {};
    options.tls = tls;
  }
  if (settings.sasl) {
    const mechanism = ({ plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const)[settings.sasl.mechanism];
    options.sasl = { mechanism, username: settings.sasl.username, password: settings.sasl.password };
  }
  return options;
}

/** An error @platformatic/kafka marks retriable, itself or any error it wraps. */
function isRetriable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const error = err as { canRetry?: unknown; findBy?: (property: string, value: unknown) => unknown };
  if (error.canRetry === true) return true;
  return nestedErrors(err).some((e) => (e as { canRetry?: unknown }).canRetry === true);
}

/** The error and every error it wraps (@platformatic/kafka nests protocol errors in response errors in aggregates). */
function nestedErrors(err: unknown, out: unknown[] = []): unknown[] {
  if (typeof err !== 'object' || err === null || out.includes(err)) return out;
  out.push(err);
  for (const inner of (err as { errors?: unknown[] }).errors ?? []) nestedErrors(inner, out);
  nestedErrors((err as { cause?: unknown }).cause, out);
  return out;
}

/** True when every protocol error in it says the topic exists already (another service created it first). */
function onlyAlreadyExists(err: unknown): boolean {
  const protocolErrors = nestedErrors(err).filter((e) => typeof (e as { apiId?: unknown }).apiId === 'string');
  return protocolErrors.length > 0 && protocolErrors.every((e) => (e as { apiId: string }).apiId === 'TOPIC_ALREADY_EXISTS');
}

/** The @platformatic/kafka adapter of the port (KAFKA_CLIENT=platformatic). */
export function createPlatformaticClient(lib: PlatformaticLibrary, settings: KafkaSettings, _logger: Logger): KafkaClient {
  const base = baseOptions(settings, settings.clientId);

  async function withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = new lib.Admin({ ...base });
    try {
      return await use(admin);
    } finally {
      await quietly(() => admin.close());
    }
  }

  // Ingest's status freshness asks for a topic's ends every second: one admin serves those calls.
  const offsetsAdmin = keptAdmin(
    async () => new lib.Admin({ ...base }),
    (admin) => quietly(() => admin.close()),
  );

  async function partitionsOf(admin: Admin, topic: string): Promise<number[]> {
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
    const found = metadata.topics.get(topic);
    if (!found) throw Object.assign(new Error(`topic ${topic} not found`), { canRetry: true });
    return found.partitions.map((_, index) => index);
  }

  return {
    kind: 'platformatic',
    async ping() {
      try {
        await withAdmin((admin) => admin.metadata({ topics: [], forceUpdate: true }));
        return true;
      } catch {
        return false;
      }
    },
    brokerCount: () => withAdmin(async (admin) => (await admin.metadata({ topics: [], forceUpdate: true })).brokers.size),
    listTopics: () => withAdmin((admin) => admin.listTopics()),
    async createTopics(topics) {
      await withAdmin(async (admin) => {
        for (const t of topics) {
          try {
            await admin.createTopics({
              topics: [t.topic],
              partitions: t.partitions,
              replicas: t.replicationFactor ?? -1,
              configs: Object.entries(t.config).map(([name, value]) => ({ name, value })),
            });
          } catch (err) {
            if (!onlyAlreadyExists(err)) throw err;
          }
        }
        // Like kafkajs' waitForLeaders: a topic is usable once every partition has a leader.
        const deadline = Date.now() + 15_000;
        for (;;) {
          const metadata = await admin.metadata({ topics: topics.map((t) => t.topic), forceUpdate: true });
          const ready = topics.every((t) => {
            const topic = metadata.topics.get(t.topic);
            return topic !== undefined && topic.partitions.length >= t.partitions && topic.partitions.every((p) => p !== undefined && p.leader >= 0);
          });
          if (ready || Date.now() > deadline) return;
          await sleep(100);
        }
      });
    },
    fetchTopicOffsets: (topic) =>
      offsetsAdmin.use(async (admin): Promise<PartitionRange[]> => {
        const partitions = await partitionsOf(admin, topic);
        const at = async (timestamp: bigint) => {
          const answer = await admin.listOffsets({
            topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) }],
          });
          const byPartition = new Map<number, bigint>();
          for (const t of answer) for (const p of t.partitions) byPartition.set(p.partitionIndex, p.offset);
          return byPartition;
        };
        const low = await at(-2n);
        const high = await at(-1n);
        return partitions.map((partition) => ({ partition, low: String(low.get(partition) ?? 0n), high: String(high.get(partition) ?? 0n) }));
      }),
    isRetriable,
    createProducerTransport: () => platformaticProducer(lib, base),
    createConsumer: (consumerLogger, options) => platformaticConsumer(lib, base, consumerLogger.child({ component: 'platformatic-kafka' }), options),
  };
}

function platformaticProducer(lib: PlatformaticLibrary, base: BaseOptions): ProducerTransport {
  let roundRobin = 0;
  // Idempotent (acks=all is implied and set): the broker drops a retried duplicate and keeps order.
  const producer = new lib.Producer({
    ...base,
    idempotent: true,
    acks: -1,
    autocreateTopics: false,
    // Same partition for a key as kafkajs' default and the Java client (murmur2, positive); no key: round robin.
    partitioner: (message, key) => (key ? lib.compatibilityPartitioner(message, key) : roundRobin++ & 0x7fffffff),
  });
  const listeners: Array<() => void> = [];
  let closed = false;
  return {
    async connect() {
      // An idempotent Producer never settles its requests while no broker answers; probe with an
      // Admin, which fails fast (connect timeout x retries), so connect() rejects like kafkajs'.
      const probe = new lib.Admin({ ...base });
      try {
        await probe.metadata({ topics: [], forceUpdate: true });
      } finally {
        await quietly(() => probe.close());
      }
    },
    async disconnect() {
      if (closed) return;
      closed = true;
      // After a broker outage the idempotent Producer may never settle what it had in flight, and a
      // graceful close would wait for it for ever: give it a moment, then force it.
      const graceful = quietly(() => producer.close()).then(() => true);
      if (!(await Promise.race([graceful, sleep(2_000).then(() => false)]))) await quietly(() => producer.close(true));
      for (const listener of listeners) listener();
    },
    onDisconnect(listener) {
      listeners.push(listener);
    },
    async send(records: readonly OutgoingRecord[]) {
      await producer.send({
        acks: -1,
        messages: records.map((record) => ({
          topic: record.topic,
          ...(record.key !== null ? { key: Buffer.from(record.key, 'utf8') } : {}),
          value: typeof record.value === 'string' ? Buffer.from(record.value, 'utf8') : record.value,
          ...(record.headers
            ? { headers: new Map(Object.entries(record.headers).map(([name, value]) => [Buffer.from(name, 'utf8'), Buffer.from(String(value), 'utf8')])) }
            : {}),
        })),
      });
    },
  };
}

/**
 * message.commit(), bounded. With autocommit off, @platformatic/kafka queues a manual commit made
 * while its consumer is not an active group member (rejoining after a broker restart, or the stream
 * already replaced) and flushes it only on the next group join: if that never comes, the commit
 * never settles. Unbounded, one such commit hangs the batch that made it and stop() for ever.
 */
async function commitWithin(message: Message, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      message.commit(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`offset commit not acknowledged within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Commits start offsets for a group before its member joins (OffsetCommit outside any generation,
 * which the broker accepts while the group has no member); the member then reads from them.
 */
async function commitStarts(lib: PlatformaticLibrary, base: BaseOptions, groupId: string, starts: readonly PartitionStart[]): Promise<void> {
  const byTopic = new Map<string, Array<{ partition: number; offset: bigint }>>();
  for (const { topic, partition, offset } of starts) byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset: BigInt(offset) }]);
  const admin = new lib.Admin({ ...base });
  try {
    await admin.alterConsumerGroupOffsets({ groupId, topics: [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets })) });
  } finally {
    await quietly(() => admin.close());
  }
}

interface PartitionState {
  readonly key: string;
  readonly topic: string;
  readonly partition: number;
  /** Fetched, not yet handed to the handler (or handed back undone). */
  queue: Message[];
  queuedBytes: number;
  running: boolean;
  /** Next offset expected from the stream; older ones are duplicates of what is queued. */
  nextOffset: bigint | undefined;
  lastDone: Message | undefined;
  committed: Message | undefined;
  /** When this partition last committed (commitIntervalMs). */
  committedAt: number;
  backoffUntil: number;
}

const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

function toRecord(message: Message): IncomingRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: String(message.offset),
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value ?? null,
    headers: decodeHeaders(message.headers as Map<Buffer, Buffer>),
    timestamp: Number(message.timestamp),
  };
}

/**
 * Records read ahead of the handlers, over all partitions: about what kafkajs holds (one fetch of
 * each partition), so both clients keep the same memory. A fixed 32 MB let delivery hold some
 * 2,000 Update Records at once (314 MB peak RSS in the benchmark; it died at a 64 MB heap). Never
 * more than two of kafkajs' whole fetches (at least 10 MiB, or one partition's): the outcomes
 * absorber's 16 MiB partition fetches would otherwise let 128 MB pile up during a backlog.
 */
export function readAheadBytes(perPartition: number): number {
  return Math.min(8 * perPartition, 2 * Math.max(WHOLE_FETCH_MIN_BYTES, perPartition));
}

/**
 * A consumer-group member with kafkajs' batch semantics over @platformatic/kafka's message stream:
 * records are grouped per partition into batches, a partition has one batch in hand at a time,
 * offsets are committed manually (what the handler marked done, once per batch), and pausing a
 * partition holds its records back until resume (the stream itself pauses only when the held-back
 * backlog grows past its budget).
 */
function platformaticConsumer(lib: PlatformaticLibrary, base: BaseOptions, logger: Logger, options: ConsumerOptions): RecordConsumer {
  const maxBufferedBytes = readAheadBytes(options.maxBytesPerPartition ?? DEFAULT_FETCH_BYTES_PER_PARTITION);
  const maxBatchRecords = 1_000;
  const concurrency = Math.max(1, options.partitionsConsumedConcurrently ?? 1);
  const commitTimeoutMs = Math.min(options.sessionTimeoutMs ?? 30_000, 10_000);
  let consumer: Consumer | undefined;
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  let handler: BatchHandler | undefined;
  let running = false;
  let stopping = false;
  let generation = 0;
  let active = 0;
  let bufferedBytes = 0;
  let streamPausedForBudget = false;
  const states = new Map<string, PartitionState>();
  const inFlight = new Set<Promise<void>>();
  const pausedTopics = new Set<string>();
  const pausedPartitions = new Set<string>();
  let assigned: Set<string> | undefined;
  let startsCommitted = false;

  const isPaused = (state: PartitionState) => pausedTopics.has(state.topic) || pausedPartitions.has(state.key);
  const messageBytes = (m: Message) => 64 + (m.value?.length ?? 0) + (m.key?.length ?? 0);

  function stateOf(topic: string, partition: number): PartitionState {
    const key = partitionKey(topic, partition);
    let state = states.get(key);
    if (!state) {
      state = {
        key,
        topic,
        partition,
        queue: [],
        queuedBytes: 0,
        running: false,
        nextOffset: undefined,
        lastDone: undefined,
        committed: undefined,
        committedAt: Date.now(),
        backoffUntil: 0,
      };
      states.set(key, state);
    }
    return state;
  }

  function adjustBuffered(delta: number): void {
    bufferedBytes += delta;
    if (!stream) return;
    if (!streamPausedForBudget && bufferedBytes > maxBufferedBytes) {
      streamPausedForBudget = true;
      stream.pause();
    } else if (streamPausedForBudget && bufferedBytes < maxBufferedBytes / 2) {
      streamPausedForBudget = false;
      stream.resume();
    }
  }

  function dropQueued(state: PartitionState): void {
    adjustBuffered(-state.queuedBytes);
    state.queue = [];
    state.queuedBytes = 0;
    state.nextOffset = undefined;
  }

  function onMessage(message: Message): void {
    if (stopping) return;
    const state = stateOf(message.topic, message.partition);
    if (state.nextOffset !== undefined && message.offset < state.nextOffset) return;
    state.nextOffset = message.offset + 1n;
    state.queue.push(message);
    const bytes = messageBytes(message);
    state.queuedBytes += bytes;
    adjustBuffered(bytes);
    scheduleSoon();
  }

  // The stream emits a fetch response record by record; batches start on the next turn, once the
  // whole response is queued, so one fetch makes one batch per partition (not a batch of its first record).
  let scheduled = false;
  function scheduleSoon(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      schedule();
    });
  }

  /** Starts batches for partitions with queued records, oldest first, up to the concurrency. */
  function schedule(): void {
    const run = handler;
    if (stopping || !run) return;
    for (const state of states.values()) {
      if (active >= concurrency) return;
      if (state.running || state.queue.length === 0 || isPaused(state)) continue;
      const wait = state.backoffUntil - Date.now();
      if (wait > 0) {
        setTimeout(schedule, wait).unref();
        continue;
      }
      const done = runBatch(state, run).finally(() => {
        inFlight.delete(done);
        schedule();
      });
      inFlight.add(done);
    }
  }

  async function commitDone(state: PartitionState): Promise<void> {
    const last = state.lastDone;
    if (!last || last === state.committed) return;
    state.committedAt = Date.now();
    await commitWithin(last, commitTimeoutMs);
    if (state.committed === undefined || state.committed.offset < last.offset) state.committed = last;
  }

  async function runBatch(state: PartitionState, handle: BatchHandler): Promise<void> {
    state.running = true;
    active += 1;
    const batchGeneration = generation;
    // Records handed back undone may have been marked done since, by work the handler left running
    // in the background (kafkajs fetches from the last marked offset on resume; so do we).
    const doneOffset = state.lastDone?.offset;
    if (doneOffset !== undefined) {
      let stale = 0;
      for (const queued of state.queue) {
        if (queued.offset > doneOffset) break;
        stale += 1;
      }
      if (stale > 0) {
        const staleBytes = state.queue.splice(0, stale).reduce((sum, m) => sum + messageBytes(m), 0);
        state.queuedBytes -= staleBytes;
        adjustBuffered(-staleBytes);
      }
    }
    const messages = state.queue.splice(0, maxBatchRecords);
    if (messages.length === 0) {
      state.running = false;
      active -= 1;
      return;
    }
    const bytes = messages.reduce((sum, m) => sum + messageBytes(m), 0);
    state.queuedBytes -= bytes;
    adjustBuffered(-bytes);
    const byOffset = new Map(messages.map((m) => [String(m.offset), m] as const));
    let doneUpTo = -1n;
    const current = () => batchGeneration === generation && !stopping && (assigned === undefined || assigned.has(state.key));
    const context: BatchContext = {
      markDone(record) {
        const message = byOffset.get(record.offset);
        if (!message || batchGeneration !== generation) return;
        doneUpTo = message.offset;
        state.lastDone = message;
      },
      heartbeat: async () => undefined, // @platformatic/kafka heartbeats in the background
      pause() {
        pausedPartitions.add(state.key);
        return () => {
          pausedPartitions.delete(state.key);
          schedule();
        };
      },
      shouldContinue: () => running && current(),
      commit: () => commitDone(state),
    };
    try {
      await handle(messages.map(toRecord), context);
    } catch (err) {
      logger.error({ err, topic: state.topic, partition: state.partition, groupId: options.groupId }, 'kafka batch handler failed; retrying the batch');
      state.backoffUntil = Date.now() + 1_000;
    }
    // What the handler left undone goes back to the front: delivered again next (after resume()).
    if (batchGeneration === generation) {
      const undone = messages.filter((m) => m.offset > doneUpTo);
      if (undone.length > 0) {
        state.queue.unshift(...undone);
        const undoneBytes = undone.reduce((sum, m) => sum + messageBytes(m), 0);
        state.queuedBytes += undoneBytes;
        adjustBuffered(undoneBytes);
      }
    }
    try {
      if (options.commitIntervalMs === undefined || Date.now() - state.committedAt >= options.commitIntervalMs) await commitDone(state);
    } catch (err) {
      logger.warn(
        { err, topic: state.topic, partition: state.partition, groupId: options.groupId },
        'kafka offset commit failed; the records will be delivered again',
      );
    }
    state.running = false;
    active -= 1;
  }

  function onJoin(payload: { assignments?: Array<{ topic: string; partitions: number[] }> }): void {
    // After a (re)join the stream fetches again from the committed offsets: what was queued is stale.
    generation += 1;
    assigned = new Set((payload.assignments ?? []).flatMap((a) => a.partitions.map((p) => partitionKey(a.topic, p))));
    for (const state of states.values()) {
      dropQueued(state);
      state.lastDone = undefined;
      state.committed = undefined;
      if (!state.running && !assigned.has(state.key)) states.delete(state.key);
    }
    // A join the closing consumer still completes must not undo the [] that stop() reported.
    if (stopping) return;
    reportAssignment(
      options,
      logger,
      (payload.assignments ?? []).flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition }))),
    );
  }

  async function open(): Promise<void> {
    const created = new lib.Consumer({
      ...base,
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? DEFAULT_FETCH_BYTES_PER_PARTITION,
      maxWaitTime: options.maxWaitTimeInMs ?? 100,
      minBytes: options.minBytes ?? 1,
      autocommit: false,
      autocreateTopics: false,
    });
    created.on('consumer:group:join', onJoin);
    try {
      const opened = await created.consume({
        topics: [...options.topics],
        mode: 'committed',
        fallbackMode: options.fromBeginning ? 'earliest' : 'latest',
        autocommit: false,
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
        maxWaitTime: options.maxWaitTimeInMs ?? 100,
        minBytes: options.minBytes ?? 1,
        maxBytesPerPartition: options.maxBytesPerPartition ?? DEFAULT_FETCH_BYTES_PER_PARTITION,
      });
      consumer = created;
      stream = opened;
      streamPausedForBudget = false;
      opened.on('data', onMessage);
      opened.on('error', (err: Error) => {
        if (stopping) return;
        logger.error({ err, groupId: options.groupId, restart: true }, 'kafka consumer crashed');
        void reopen(created, opened);
      });
    } catch (err) {
      await quietly(() => created.close(true));
      throw err;
    }
  }

  /** Like kafkajs' restart on crash: a fresh group member, from the committed offsets. */
  async function reopen(failedConsumer: Consumer, failedStream: MessagesStream<Buffer, Buffer, Buffer, Buffer>): Promise<void> {
    if (consumer !== failedConsumer) return;
    generation += 1;
    // Out of the group until open() joins again and reports the new assignment.
    reportAssignment(options, logger, []);
    for (const state of states.values()) dropQueued(state);
    consumer = undefined;
    stream = undefined;
    await quietly(() => failedStream.close());
    await quietly(() => failedConsumer.close(true));
    for (let attempt = 1; !stopping; attempt += 1) {
      await sleep(Math.min(500 * attempt, 5_000));
      if (stopping) return;
      try {
        await Promise.allSettled([...inFlight]);
        await open();
        return;
      } catch (err) {
        logger.warn({ err, attempt, groupId: options.groupId }, 'kafka consumer could not rejoin yet; retrying');
      }
    }
  }

  return {
    get running() {
      return running;
    },
    async start(batchHandler) {
      handler = batchHandler;
      stopping = false;
      const starts = options.startOffsets ?? [];
      if (starts.length > 0 && !startsCommitted) {
        await commitStarts(lib, base, options.groupId, starts);
        startsCommitted = true;
      }
      await open();
      running = true;
    },
    async stop() {
      running = false;
      stopping = true;
      await Promise.allSettled([...inFlight]);
      // With a commit interval (views) stop() commits no more than kafkajs' member does then.
      if (options.commitIntervalMs === undefined) for (const state of states.values()) await commitDone(state).catch(() => undefined);
      const [closingStream, closingConsumer] = [stream, consumer];
      stream = undefined;
      consumer = undefined;
      if (closingStream) await quietly(() => closingStream.close());
      if (closingConsumer) await quietly(() => closingConsumer.close(true));
      for (const state of states.values()) dropQueued(state);
      states.clear();
      reportAssignment(options, logger, []);
    },
    pause(topic, partitions) {
      if (partitions) for (const partition of partitions) pausedPartitions.add(partitionKey(topic, partition));
      else pausedTopics.add(topic);
    },
    resume(topic, partitions) {
      if (partitions) for (const partition of partitions) pausedPartitions.delete(partitionKey(topic, partition));
      else {
        pausedTopics.delete(topic);
        for (const key of [...pausedPartitions]) if (key.startsWith(`${topic}\u0000`)) pausedPartitions.delete(key);
      }
      schedule();
    },
  };
}

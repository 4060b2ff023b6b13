import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { quietLogger, testBrokers } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations
import { startLocalBroker, stopLocalBroker } from '../../../infra/kafka-local/kafka-local.mjs';
import {
  type BatchHandler,
  type ConsumerOptions,
  createKafkaClient,
  createRecordConsumer,
  createRecordProducer,
  ensureTopics,
  type IncomingRecord,
  KAFKA_CLIENT_KINDS,
  type KafkaClient,
  type KafkaClientKind,
  KafkaUnavailableError,
  type RecordConsumer,
  type RecordProducer,
  resolveTopicNames,
  type TopicNames,
  type TopicPartition,
  topicOffsets,
} from '../src';

// The port's own contract, run against every adapter: whatever KAFKA_CLIENT selects must behave the same.
type BrokerControl = (options: { port: number; heap?: string; keepData?: boolean; graceMs?: number }) => Promise<unknown>;
const startBroker = startLocalBroker as BrokerControl;
const stopBroker = stopLocalBroker as BrokerControl;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Resolves as `work` does, or fails once `timeoutMs` has passed without it settling. */
async function within<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not settle within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const payloadOf = (record: IncomingRecord) => JSON.parse(String(record.value)) as { key: string; n: number };
/** Records a topic's partitions have been given in all: the sum of their end offsets, asked for now. */
const endOffsetSum = async (kafka: KafkaClient, topic: string) => (await topicOffsets(kafka, topic)).reduce((sum, range) => sum + Number(range.high), 0);

describe.each(KAFKA_CLIENT_KINDS)('Kafka port contract: %s', (kind: KafkaClientKind) => {
  const closers: Array<() => Promise<void>> = [];
  const client = (clientId = `contract-${kind}`, brokers = testBrokers()): KafkaClient => createKafkaClient({ brokers, clientId, client: kind }, quietLogger);
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  });

  async function topicsOf(label: string, kafka = client()): Promise<{ prefix: string; topics: TopicNames }> {
    const prefix = `t.contract-${kind}-${label}.${randomUUID().slice(0, 8)}.`;
    await ensureTopics(kafka, quietLogger, { prefix });
    return { prefix, topics: resolveTopicNames(prefix) };
  }
  async function producerOf(kafka = client()): Promise<RecordProducer> {
    const producer = createRecordProducer(kafka, quietLogger, { lingerMs: 2 });
    await producer.connect();
    closers.push(() => producer.disconnect());
    return producer;
  }
  async function consumerOf(
    topic: string,
    handler: BatchHandler,
    groupId = `contract-${randomUUID()}`,
    kafka = client(),
    extra: Partial<ConsumerOptions> = {},
  ): Promise<RecordConsumer> {
    const consumer = createRecordConsumer(kafka, quietLogger, {
      groupId,
      topics: [topic],
      fromBeginning: true,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      ...extra,
    });
    await consumer.start(handler);
    closers.push(() => consumer.stop());
    return consumer;
  }

  it('creates topics idempotently, with their partitions, and reports end offsets', async () => {
    const kafka = client();
    expect(kafka.kind).toBe(kind);
    expect(await kafka.ping()).toBe(true);
    const { prefix, topics } = await topicsOf('create', kafka);
    await ensureTopics(kafka, quietLogger, { prefix }); // again: nothing to do, no error
    await kafka.createTopics([{ topic: topics.opsCommands, partitions: 1, config: {} }]); // already there: not an error
    const listed = new Set(await kafka.listTopics());
    expect(Object.values(topics).every((name) => listed.has(name))).toBe(true);
    const offsets = await topicOffsets(kafka, topics.consultations);
    expect(offsets.map((o) => o.partition).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(offsets.every((o) => o.low === '0' && o.high === '0')).toBe(true);
  });

  it('answers end offsets over one admin connection kept between calls, each answer current', async () => {
    const kafka = client();
    const { topics } = await topicsOf('kept-admin', kafka);
    const producer = await producerOf(kafka);
    const ends = () => endOffsetSum(kafka, topics.opsCommands);
    expect(await ends()).toBe(0);
    // Every TCP connection this process opens from here on (other tests' consumers may open one).
    let opened = 0;
    const count = () => {
      opened += 1;
    };
    subscribe('net.client.socket', count);
    try {
      for (let n = 1; n <= 5; n += 1) {
        await producer.send({ topic: topics.opsCommands, key: `k${n}`, value: JSON.stringify({ key: `k${n}`, n }) });
        expect(await ends()).toBe(n);
      }
    } finally {
      unsubscribe('net.client.socket', count);
    }
    // An admin per call opened at least one connection each time.
    expect(opened).toBeLessThanOrEqual(1);
  });

  it('produces and consumes in batches, keeping per-key order; end offsets count every record', async () => {
    const { topics } = await topicsOf('batches');
    const producer = await producerOf();
    const keys = ['A81001', 'Y02345', 'B82005', 'M85063', 'C84017'];
    const records = Array.from({ length: 300 }, (_, n) => {
      const key = defined(keys[n % keys.length], 'a key');
      return { topic: topics.gpMessages, key, value: JSON.stringify({ key, n }), headers: { 'x-n': String(n) } };
    });
    await producer.send(records);
    const seen: Array<{ key: string; n: number; header: string | undefined; partition: number }> = [];
    const batchSizes: number[] = [];
    await consumerOf(topics.gpMessages, async (batch, context) => {
      batchSizes.push(batch.length);
      for (const record of batch) {
        seen.push({ ...payloadOf(record), header: record.headers['x-n'], partition: record.partition });
        context.markDone(record);
      }
    });
    await waitUntil(() => seen.length >= 300, '300 records');
    expect(new Set(seen.map((s) => s.n)).size).toBe(300);
    expect(seen.every((s) => s.header === String(s.n))).toBe(true);
    for (const key of keys) {
      const ns = seen.filter((s) => s.key === key).map((s) => s.n);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
      expect(new Set(seen.filter((s) => s.key === key).map((s) => s.partition)).size).toBe(1);
    }
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    const offsets = await topicOffsets(client(), topics.gpMessages);
    expect(offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0)).toBe(300);
  });

  it('delivers nothing while paused, and what was held back after resume', async () => {
    const { topics } = await topicsOf('pause');
    const producer = await producerOf();
    const seen: string[] = [];
    const consumer = await consumerOf(topics.opsCommands, async (batch, context) => {
      for (const record of batch) {
        seen.push(String(record.value));
        context.markDone(record);
      }
    });
    await producer.send({ topic: topics.opsCommands, key: 'k', value: 'before-pause' });
    await waitUntil(() => seen.includes('before-pause'), 'the first record');
    consumer.pause(topics.opsCommands);
    await sleep(300); // a fetch already in hand may still be delivered
    await producer.send({ topic: topics.opsCommands, key: 'k', value: 'while-paused' });
    await sleep(2_000);
    expect(seen).toEqual(['before-pause']);
    consumer.resume(topics.opsCommands);
    await waitUntil(() => seen.includes('while-paused'), 'the held-back record');
    expect(seen).toEqual(['before-pause', 'while-paused']);
  });

  it("pausing a batch's partition holds its undone records back until the returned resume is called", async () => {
    const { topics } = await topicsOf('batch-pause');
    const producer = await producerOf();
    const seen: number[] = [];
    let resumeHeld: (() => void) | undefined;
    await consumerOf(topics.opsCommands, async (batch, context) => {
      for (const record of batch) {
        const { n } = payloadOf(record);
        if (n === 3 && !resumeHeld) {
          resumeHeld = context.pause();
          return; // 3 and what follows it stay undone
        }
        seen.push(n);
        context.markDone(record);
      }
    });
    await producer.send(Array.from({ length: 6 }, (_, n) => ({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) })));
    await waitUntil(() => resumeHeld !== undefined, 'the pause');
    await sleep(2_000);
    expect(seen).toEqual([0, 1, 2]);
    defined(resumeHeld, 'the resume function')();
    await waitUntil(() => seen.length >= 6, 'the held-back records');
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('does not deliver again what background work marked done after the handler returned and paused', async () => {
    const { topics } = await topicsOf('background');
    const producer = await producerOf();
    const seen: number[] = [];
    const background: Promise<void>[] = [];
    await consumerOf(topics.opsCommands, async (batch, context) => {
      for (const record of batch) seen.push(payloadOf(record).n);
      const resume = context.pause();
      background.push(
        sleep(300).then(async () => {
          for (const record of batch) context.markDone(record);
          await context.commit();
          resume();
        }),
      );
    });
    await producer.send(Array.from({ length: 5 }, (_, n) => ({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) })));
    await waitUntil(() => seen.length >= 5, 'the first five');
    await producer.send(Array.from({ length: 5 }, (_, n) => ({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n: n + 5 }) })));
    await waitUntil(() => seen.length >= 10, 'the next five');
    await sleep(1_000);
    await Promise.all(background);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, n) => n));
  });

  /** Reads `count` records of `topic` as a member of `groupId` (marking each done), then stops it. */
  async function readAsMember(topic: string, groupId: string, count: number, extra: Partial<ConsumerOptions> = {}): Promise<number[]> {
    const seen: number[] = [];
    const member = await consumerOf(
      topic,
      async (batch, context) => {
        for (const record of batch) {
          seen.push(payloadOf(record).n);
          context.markDone(record);
        }
      },
      groupId,
      client(),
      extra,
    );
    await waitUntil(() => seen.length >= count, `${count} records`);
    await sleep(500);
    await member.stop();
    return seen;
  }
  const numbersFrom = (from: number, length: number) => Array.from({ length }, (_, n) => from + n);

  it('commits what was marked done: a new member of the group resumes from the committed offset', async () => {
    const { topics } = await topicsOf('commit');
    const producer = await producerOf();
    const groupId = `contract-commit-${randomUUID()}`;
    await producer.send(numbersFrom(0, 10).map((n) => ({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) })));
    expect(await readAsMember(topics.opsCommands, groupId, 10)).toEqual(numbersFrom(0, 10));
    await producer.send(numbersFrom(10, 10).map((n) => ({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) })));
    expect(await readAsMember(topics.opsCommands, groupId, 10)).toEqual(numbersFrom(10, 10));
  });

  it('commits at most once per commitIntervalMs (views), and stop() adds no commit then', async () => {
    const { topics } = await topicsOf('commit-interval');
    const producer = await producerOf();
    const send = (from: number) =>
      producer.send(numbersFrom(from, 5).map((n) => ({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) })));
    await send(0);
    // Within the interval nothing is committed: the group's next member starts from the beginning.
    const rare = `contract-rare-${randomUUID()}`;
    expect(await readAsMember(topics.opsCommands, rare, 5, { commitIntervalMs: 600_000 })).toEqual(numbersFrom(0, 5));
    expect(await readAsMember(topics.opsCommands, rare, 5)).toEqual(numbersFrom(0, 5));
    // Once the interval has passed, the batch's offsets are committed after it.
    const often = `contract-often-${randomUUID()}`;
    expect(await readAsMember(topics.opsCommands, often, 5, { commitIntervalMs: 0 })).toEqual(numbersFrom(0, 5));
    await send(5);
    expect(await readAsMember(topics.opsCommands, often, 5)).toEqual(numbersFrom(5, 5));
  });

  it('with minBytes the broker gathers records written apart into one fetch, up to maxWaitTimeInMs; without, each comes on its own', async () => {
    const producer = await producerOf();
    /** Batches a fresh group's handler saw for ten records written 60 ms apart. */
    const batchesFor = async (label: string, extra: Partial<ConsumerOptions>): Promise<number[]> => {
      const { topics } = await topicsOf(label);
      const sizes: number[] = [];
      let assigned = false;
      await consumerOf(
        topics.opsCommands,
        async (records, context) => {
          sizes.push(records.length);
          const last = records.at(-1);
          if (last) context.markDone(last);
        },
        undefined,
        client(),
        { ...extra, onAssignment: (partitions) => (assigned ||= partitions.length > 0) },
      );
      await waitUntil(() => assigned, 'the group to assign partitions');
      for (const n of numbersFrom(0, 10)) {
        await producer.send([{ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) }]);
        await sleep(60);
      }
      await waitUntil(() => sizes.reduce((sum, size) => sum + size, 0) === 10, 'all ten records');
      return sizes;
    };
    // 600 ms of writes hold at most one fetch deadline of 5 s: one batch, or two split at it.
    expect((await batchesFor('patient', { minBytes: 65_536, maxWaitTimeInMs: 5_000 })).length).toBeLessThanOrEqual(2);
    expect((await batchesFor('eager', {})).length).toBeGreaterThanOrEqual(4);
  });

  it('delivers again what a throwing handler left undone, also after an error the client does not retry', async () => {
    const { topics } = await topicsOf('handler-error');
    const producer = await producerOf();
    const seen: number[] = [];
    let thrown = false;
    await consumerOf(topics.opsCommands, async (batch, context) => {
      for (const record of batch) {
        const { n } = payloadOf(record);
        if (n === 2 && !thrown) {
          thrown = true;
          // kafkajs calls a TypeError unrecoverable: its consumer crashes with restart: false and,
          // left to itself, never fetches again (the same crash as a coordinator not found in time).
          throw new TypeError('a handler bug on one delivery');
        }
        seen.push(n);
        context.markDone(record);
      }
    });
    await producer.send(Array.from({ length: 5 }, (_, n) => ({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) })));
    await waitUntil(() => seen.length >= 5, 'the records after the failed delivery');
    await sleep(500);
    expect(thrown).toBe(true);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts a new group at the given start offsets, and the other partitions from the beginning', async () => {
    const { topics } = await topicsOf('start-offsets');
    const producer = await producerOf();
    const kafka = client();
    // Six records per partition of a six-partition topic, each record naming its partition and n.
    const keys = ['A81001', 'Y02345', 'B82005', 'M85063', 'C84017', 'D83006', 'E85001', 'F81002'];
    await producer.send(keys.flatMap((key) => Array.from({ length: 6 }, (_, n) => ({ topic: topics.consultations, key, value: JSON.stringify({ key, n }) }))));
    const ends = await topicOffsets(kafka, topics.consultations);
    const full = ends.filter((o) => Number(o.high) >= 6);
    const first = defined(full[0], 'a partition with records');
    const startOffsets = [{ topic: topics.consultations, partition: first.partition, offset: '4' }];
    const seen: Array<{ partition: number; offset: number }> = [];
    await consumerOf(
      topics.consultations,
      async (batch, context) => {
        for (const record of batch) {
          seen.push({ partition: record.partition, offset: Number(record.offset) });
          context.markDone(record);
        }
      },
      `contract-start-${randomUUID()}`,
      kafka,
      { startOffsets },
    );
    const total = ends.reduce((sum, o) => sum + Number(o.high), 0);
    await waitUntil(() => seen.length >= total - 4, 'every record after the start offsets');
    await sleep(500);
    expect(seen.length).toBe(total - 4);
    expect(seen.filter((s) => s.partition === first.partition).map((s) => s.offset)).toEqual(Array.from({ length: Number(first.high) - 4 }, (_, n) => n + 4));
    for (const other of ends.filter((o) => o.partition !== first.partition)) {
      expect(seen.filter((s) => s.partition === other.partition).map((s) => s.offset)).toEqual(Array.from({ length: Number(other.high) }, (_, n) => n));
    }
  });

  it('shares partitions with a member that joins while it runs, losing nothing', async () => {
    const { topics } = await topicsOf('join');
    const producer = await producerOf();
    const groupId = `contract-join-${randomUUID()}`;
    const seen = new Set<number>();
    const handler: BatchHandler = async (batch, context) => {
      for (const record of batch) {
        seen.add(payloadOf(record).n);
        context.markDone(record);
      }
    };
    await consumerOf(topics.consultations, handler, groupId);
    await producer.send(Array.from({ length: 60 }, (_, n) => ({ topic: topics.consultations, key: `c-${n}`, value: JSON.stringify({ key: `c-${n}`, n }) })));
    await waitUntil(() => seen.size >= 60, 'the first sixty');
    await consumerOf(topics.consultations, handler, groupId);
    await producer.send(
      Array.from({ length: 60 }, (_, n) => ({ topic: topics.consultations, key: `c-${n}`, value: JSON.stringify({ key: `c-${n}`, n: n + 60 }) })),
    );
    await waitUntil(() => seen.size >= 120, 'all 120', 45_000);
  });

  it('reports each member its whole assignment: disjoint between members, every partition in all, all to the one left', async () => {
    const { topics } = await topicsOf('assignment');
    const groupId = `contract-assignment-${randomUUID()}`;
    const reports: [Array<readonly TopicPartition[]>, Array<readonly TopicPartition[]>] = [[], []];
    const latest = (member: 0 | 1) => reports[member].at(-1);
    const handler: BatchHandler = async (batch, context) => {
      for (const record of batch) context.markDone(record);
    };
    const everyPartition = [0, 1, 2, 3, 4, 5].map((partition) => ({ topic: topics.consultations, partition }));

    const first = await consumerOf(topics.consultations, handler, groupId, client(), { onAssignment: (partitions) => reports[0].push(partitions) });
    await waitUntil(() => latest(0)?.length === 6, 'the first member to own all six partitions');
    expect(latest(0)).toEqual(everyPartition);

    const second = await consumerOf(topics.consultations, handler, groupId, client(), { onAssignment: (partitions) => reports[1].push(partitions) });
    // Both rejoin in the same generation: once each reports a share, the shares belong together.
    await waitUntil(() => (latest(1)?.length ?? 0) > 0 && (latest(0)?.length ?? 6) < 6, 'the members to share the partitions', 45_000);
    const shareOf = (member: 0 | 1) => defined(latest(member), `member ${member}'s assignment`);
    const [a, b] = [shareOf(0), shareOf(1)];
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.filter((p) => b.some((q) => q.partition === p.partition))).toEqual([]);
    expect([...a, ...b].sort((x, y) => x.partition - y.partition)).toEqual(everyPartition);

    await second.stop();
    expect(latest(1)).toEqual([]);
    await waitUntil(() => latest(0)?.length === 6, 'the remaining member to own all six again', 45_000);
    expect(latest(0)).toEqual(everyPartition);
    await first.stop();
    expect(latest(0)).toEqual([]);
  });

  describe('broker restart', () => {
    // A broker of this suite's own, so stopping it disturbs nobody else's tests.
    const port = Number(process.env.KAFKA_CONTRACT_RESTART_PORT ?? 19291) + KAFKA_CLIENT_KINDS.indexOf(kind) * 10;
    const brokers = `127.0.0.1:${port}`;
    beforeAll(async () => {
      await startBroker({ port, heap: '256m' });
    }, 120_000);
    afterAll(async () => {
      await stopBroker({ port });
    }, 60_000);

    it('producer and consumer carry on after the broker stops and starts again with its data', { timeout: 240_000 }, async () => {
      const kafka = client(`contract-restart-${kind}`, brokers);
      const { topics } = await topicsOf('restart', kafka);
      const producer = await producerOf(kafka);
      const seen = new Set<number>();
      const consumer = await consumerOf(
        topics.opsCommands,
        async (batch, context) => {
          for (const record of batch) {
            seen.add(payloadOf(record).n);
            context.markDone(record);
          }
        },
        `contract-restart-${randomUUID()}`,
        kafka,
      );
      await producer.send(Array.from({ length: 5 }, (_, n) => ({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) })));
      await waitUntil(() => seen.size >= 5, 'records before the restart');
      const endOf = () => endOffsetSum(kafka, topics.opsCommands);
      expect(await endOf()).toBe(5); // the kept admin connection is open now
      await stopBroker({ port });
      // A send while the broker is down fails (bounded by the send timeout) instead of hanging. Its
      // record may still land later (at-least-once), so n = -1 is left out of the checks below.
      await expect(
        within(producer.send({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n: -1 }) }), 30_000, 'a send during the outage'),
      ).rejects.toBeInstanceOf(KafkaUnavailableError);
      await startBroker({ port, heap: '256m', keepData: true });
      for (let n = 5; n < 10; n += 1) {
        for (let attempt = 1; ; attempt += 1) {
          try {
            await producer.send({ topic: topics.opsCommands, key: 'k', value: JSON.stringify({ key: 'k', n }) });
            break;
          } catch (err) {
            if (attempt >= 30) throw err;
            await sleep(1_000);
          }
        }
      }
      // The restarted broker answers "coordinator not available" while it loads its offsets topic;
      // on a loaded machine that outlasted kafkajs' retries, and its consumer, crashed with
      // restart: false, never fetched again until the adapter learnt to restart it (kafkajs-restart.ts).
      await waitUntil(() => [...seen].filter((n) => n >= 0).length >= 10, 'records after the restart', 150_000);
      expect([...seen].filter((n) => n >= 0).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, n) => n));
      // End offsets again, as ingest's freshness sampler asks every second: a call may fail on the
      // connection the restart broke, the next one opens a new connection.
      let end = -1;
      for (let attempt = 1; end < 10 && attempt <= 30; attempt += 1) {
        end = await endOf().catch(() => -1);
        if (end < 10) await sleep(1_000);
      }
      expect(end).toBeGreaterThanOrEqual(10); // 10 or 11: the send during the outage may have landed
      // Stopping commits what was marked done: that must settle (or give up) even though the member
      // went through the outage, not wait for ever on a commit the client queued while rejoining.
      await within(consumer.stop(), 30_000, 'stopping the consumer after the restart');
    });
  });
});

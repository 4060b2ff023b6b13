// The end-to-end limit: the same payloads through a bare kafkajs two-hop pipe
// (produce -> consume -> produce -> consume) on the same broker, with the durability the services
// use (acks=all, idempotent producer). kafkajs is imported here only, for this baseline: the
// services reach Kafka through @firstsync/kafka.
import { randomUUID } from 'node:crypto';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { progressLine } from '../load/progress';
import { consultationBody } from '../payloads/consultation';
import { ratePerSecond } from '../stats/percentile';

export interface RawPipeResult {
  readonly messages: number;
  readonly delivered: number;
  readonly perSecond: number | undefined;
  readonly seconds: number;
}

const PARTITIONS = 6;
const CHUNK = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function joined(consumer: Consumer, timeoutMs: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('raw pipe consumer did not join its group in time')), timeoutMs);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function runRawPipe(brokers: string, messages: number, timeoutMs: number): Promise<RawPipeResult> {
  const kafka = new Kafka({ clientId: 'bench-raw-pipe', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const prefix = `bench-raw-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const first = `${prefix}.hop1`;
  const second = `${prefix}.hop2`;
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
  const hop = kafka.consumer({ groupId: `${prefix}-hop`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  const sink = kafka.consumer({ groupId: `${prefix}-sink`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  const payloads = Array.from({ length: messages }, () => {
    const id = randomUUID();
    return { key: id, value: JSON.stringify(consultationBody(id)) };
  });
  const progress = progressLine('raw kafkajs pipe');
  try {
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [first, second].map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })) });
    await producer.connect();
    await Promise.all([hop.connect(), sink.connect()]);
    await hop.subscribe({ topic: first, fromBeginning: true });
    await sink.subscribe({ topic: second, fromBeginning: true });

    let delivered = 0;
    let lastAt = 0;
    const hopJoined = joined(hop, 30_000);
    const sinkJoined = joined(sink, 30_000);
    // Hop: forward each fetched batch in one acknowledged send, then commit it.
    await hop.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        await producer.send({ topic: second, acks: -1, messages: batch.messages.map((m) => ({ key: m.key, value: m.value })) });
      },
    });
    await sink.run({
      eachBatch: async ({ batch }) => {
        delivered += batch.messages.length;
        lastAt = Date.now();
      },
    });
    await Promise.all([hopJoined, sinkJoined]);

    const startedAt = Date.now();
    for (let i = 0; i < payloads.length; i += CHUNK) {
      await producer.send({ topic: first, acks: -1, messages: payloads.slice(i, i + CHUNK) });
    }
    const deadline = startedAt + timeoutMs;
    while (delivered < messages && Date.now() < deadline) {
      progress.update(`${delivered}/${messages} through both hops`);
      await sleep(100);
    }
    const perSecond = ratePerSecond(delivered, startedAt, lastAt);
    progress.done(`${delivered}/${messages} through both hops in ${((lastAt - startedAt) / 1000).toFixed(2)} s`);
    return { messages, delivered, perSecond, seconds: (lastAt - startedAt) / 1000 };
  } finally {
    await Promise.allSettled([hop.disconnect(), sink.disconnect()]);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [first, second] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

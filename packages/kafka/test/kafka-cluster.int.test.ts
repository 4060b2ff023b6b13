import { randomUUID } from 'node:crypto';
import { quietLogger } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations
import { startLocalBroker, startLocalNode, stopLocalBroker, stopLocalNode } from '../../../infra/kafka-local/kafka-local.mjs';
import { createKafkaClient, createRecordProducer, ensureTopics, KAFKA_CLIENT_KINDS, type KafkaClientKind, replayToEnd, resolveTopicNames } from '../src';

// A 3-node KRaft cluster of its own (3 JVMs: about 10-25 s to start on a 2-core machine, more
// under load), so it is opt-in: FIRSTSYNC_TEST_KAFKA_CLUSTER=1. Ports 19400-19405 unless
// FIRSTSYNC_TEST_KAFKA_CLUSTER_PORT says otherwise.
const enabled = process.env.FIRSTSYNC_TEST_KAFKA_CLUSTER === '1';
const port = Number(process.env.FIRSTSYNC_TEST_KAFKA_CLUSTER_PORT ?? 19400);

interface StartedCluster {
  brokers: string;
  startSeconds: number;
  nodes: { id: number; port: number; pid: number }[];
}
const startCluster = startLocalBroker as (options: { port: number; brokers: number; heap?: string }) => Promise<StartedCluster>;
const stopCluster = stopLocalBroker as (options: { port: number }) => Promise<boolean>;
const killNode = stopLocalNode as (options: { port: number; node: number; signal: 'SIGKILL' }) => Promise<boolean>;
const startNode = startLocalNode as (options: { port: number; node: number }) => Promise<{ startSeconds: number }>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!enabled)('a local 3-node KRaft cluster', () => {
  let cluster: StartedCluster | undefined;
  // kafkajs' admin straight away: the port has no describe-configs, and the test must see what the
  // broker really holds, not what the adapter under test says it asked for.
  let admin: ReturnType<Kafka['admin']> | undefined;
  const inspector = () => defined(admin, 'admin client');

  beforeAll(async () => {
    cluster = await startCluster({ port, brokers: 3 });
    process.stderr.write(`[kafka-cluster test] 3-node cluster ready in ${cluster.startSeconds} s\n`);
    admin = new Kafka({ clientId: 'cluster-inspector', brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  }, 240_000);
  afterAll(async () => {
    await admin?.disconnect();
    await stopCluster({ port });
  }, 60_000);

  const clientOf = (kind: KafkaClientKind) =>
    createKafkaClient({ brokers: defined(cluster, 'cluster').brokers, clientId: `cluster-${kind}`, client: kind }, quietLogger);

  it.each(KAFKA_CLIENT_KINDS)('ensureTopics through %s gives every topic 3 replicas and min.insync.replicas 2', async (kind) => {
    const kafka = clientOf(kind);
    expect(await kafka.brokerCount()).toBe(3);
    const prefix = `t.cluster-${kind}.${randomUUID().slice(0, 8)}.`;
    await ensureTopics(kafka, quietLogger, { prefix });
    const names = Object.values(resolveTopicNames(prefix));
    const metadata = await inspector().fetchTopicMetadata({ topics: names });
    for (const topic of metadata.topics) {
      for (const partition of topic.partitions) expect({ topic: topic.name, replicas: partition.replicas.length }).toEqual({ topic: topic.name, replicas: 3 });
    }
    const configs = await inspector().describeConfigs({
      includeSynonyms: false,
      resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] })),
    });
    const minInsync = configs.resources.map((r) => [r.resourceName, r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue]);
    expect(minInsync).toEqual(names.map((name) => [name, '2']));
  });

  it('keeps every acknowledged record while a partition leader is SIGKILLed, and takes the node back with its data', async () => {
    const kafka = clientOf('kafkajs');
    const prefix = `t.cluster-chaos.${randomUUID().slice(0, 8)}.`;
    const topic = resolveTopicNames(prefix).consultations;
    await ensureTopics(kafka, quietLogger, { prefix });
    const producer = createRecordProducer(kafka, quietLogger, { lingerMs: 2, sendTimeoutMs: 30_000 });
    await producer.connect();
    const acknowledged = new Set<string>();
    let failedSends = 0;
    // Like a pharmacy retrying a 503: a send that fails is sent again until the cluster acknowledges it.
    const produce = async (from: number, count: number) => {
      for (let batch = from; batch < from + count; batch += 20) {
        const ids = Array.from({ length: 20 }, (_, i) => `r-${batch + i}`);
        for (;;) {
          try {
            await producer.send(ids.map((id) => ({ topic, key: id, value: JSON.stringify({ id }) })));
            for (const id of ids) acknowledged.add(id);
            break;
          } catch {
            failedSends += 1;
            await sleep(250);
          }
        }
      }
    };
    try {
      await produce(0, 400);
      // Kill the node that leads partition 0, so the outage moves a leadership, not just a follower.
      const before = await inspector().fetchTopicMetadata({ topics: [topic] });
      const victim = defined(before.topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader, 'leader of partition 0');
      expect(await killNode({ port, node: victim, signal: 'SIGKILL' })).toBe(true);
      const outageStarted = Date.now();
      await produce(400, 400);
      const outageSeconds = (Date.now() - outageStarted) / 1000;
      const restart = await startNode({ port, node: victim });
      await produce(800, 400);
      process.stderr.write(
        `[kafka-cluster test] node ${victim} SIGKILLed: 400 records acknowledged during the outage in ${outageSeconds.toFixed(1)} s (${failedSends} failed sends retried); restarted with its data in ${restart.startSeconds} s\n`,
      );
      // The restarted node catches up from its own log and rejoins every partition's ISR.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const after = await inspector().fetchTopicMetadata({ topics: [topic] });
        const isr = defined(after.topics[0], 'topic metadata').partitions.map((p) => p.isr.length);
        if (isr.every((n) => n === 3)) break;
        if (Date.now() > deadline) throw new Error(`the restarted node did not rejoin the ISR: ${JSON.stringify(isr)}`);
        await sleep(500);
      }
    } finally {
      await producer.disconnect();
    }
    const seen = new Map<string, number>();
    await replayToEnd(kafka, quietLogger, {
      name: 'cluster-readback',
      groupIdPrefix: `cluster-readback-${randomUUID()}-`,
      topics: [topic],
      timeoutMs: 60_000,
      apply: (record) => {
        const { id } = JSON.parse(String(record.value)) as { id: string };
        seen.set(id, (seen.get(id) ?? 0) + 1);
      },
    });
    expect(acknowledged.size).toBe(1200);
    const lost = [...acknowledged].filter((id) => !seen.has(id));
    expect(lost).toEqual([]);
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    process.stderr.write(`[kafka-cluster test] read back ${seen.size} distinct records, ${duplicates} with duplicates (retried sends)\n`);
  }, 240_000);
});

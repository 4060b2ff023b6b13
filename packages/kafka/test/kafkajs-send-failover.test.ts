import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// kafkajs' own produce path (src/producer/sendMessages.js, patched: patches/kafkajs@2.2.4.patch),
// driven with a cluster of two stand-in brokers, so the failover case is exact rather than a race
// a chaos run hits now and then (the 20,000-consultation run of 2026-12-02 lost 6 records this way).
const require = createRequire(import.meta.url);

interface TopicData {
  topic: string;
  partitions: { partition: string; messages: { key: string }[] }[];
}
type SendMessages = (
  deps: Record<string, unknown>,
) => (request: {
  acks: number;
  timeout?: number;
  topicMessages: { topic: string; messages: { key: string; value: string }[] }[];
}) => Promise<{ topicName: string; partition: number; errorCode: number }[]>;
const sendMessages = require('kafkajs/src/producer/sendMessages') as SendMessages;
const createRetry = require('kafkajs/src/retry') as (options: Record<string, number>) => unknown;

const TOPIC = 'gp-messages';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Broker 1 leads partition 0, broker 2 partition 1; broker 2 dies during the first send and partition 1 moves to broker 1. */
function failoverCluster() {
  const leaderOf = new Map([
    ['0', 1],
    ['1', 2],
  ]);
  const produced: { broker: number; partitions: string[] }[] = [];
  const broker = (nodeId: number) => ({
    nodeId,
    async produce({ topicData }: { topicData: TopicData[] }) {
      if (nodeId === 2) {
        const error = new Error('Connection error: read ECONNRESET');
        error.name = 'KafkaJSConnectionError';
        throw error;
      }
      produced.push({ broker: nodeId, partitions: topicData.flatMap((t) => t.partitions.map((p) => p.partition)) });
      return {
        topics: topicData.map((t) => ({
          topicName: t.topic,
          partitions: t.partitions.map((p) => ({ partition: Number(p.partition), errorCode: 0, baseOffset: '0' })),
        })),
      };
    },
  });
  const brokers = new Map([
    [1, broker(1)],
    [2, broker(2)],
  ]);
  const cluster = {
    targetTopics: new Set([TOPIC]),
    async refreshMetadataIfNecessary() {},
    async addMultipleTargetTopics() {},
    isConnected: () => true,
    removeBroker() {},
    // What a metadata refresh learns after broker 2 died: broker 1 now leads partition 1 too.
    async refreshMetadata() {
      leaderOf.set('1', 1);
    },
    findTopicPartitionMetadata: () => [...leaderOf].map(([partitionId, leader]) => ({ partitionId: Number(partitionId), leader })),
    findLeaderForPartitions(_topic: string, partitions: string[]) {
      const byLeader: Record<string, string[]> = {};
      for (const partition of partitions) {
        const leader = String(leaderOf.get(String(partition)));
        byLeader[leader] = [...(byLeader[leader] ?? []), partition];
      }
      return byLeader;
    },
    findBroker: async ({ nodeId }: { nodeId: string | number }) => brokers.get(Number(nodeId)),
  };
  return { cluster, produced };
}

const eosManager = {
  async acquireBrokerLock() {},
  async releaseBrokerLock() {},
  isTransactional: () => false,
  getSequence: () => 0,
  updateSequence() {},
  getProducerId: () => -1,
  getProducerEpoch: () => 0,
};

describe('kafkajs produce when a partition leader dies mid-send (patched sendMessages)', () => {
  it('sends the dead broker’s partitions again to their new leader, even one that already answered', async () => {
    const { cluster, produced } = failoverCluster();
    const send = sendMessages({
      logger: quiet,
      cluster,
      eosManager,
      partitioner: ({ message }: { message: { key: string } }) => Number(message.key),
      retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }),
    });
    const responses = await send({
      acks: -1,
      topicMessages: [
        {
          topic: TOPIC,
          messages: [
            { key: '0', value: 'to partition 0' },
            { key: '1', value: 'to partition 1' },
          ],
        },
      ],
    });
    // Unpatched kafkajs resolves here having sent only partition 0: broker 1 had answered, so the retry skipped it.
    expect(produced).toEqual([
      { broker: 1, partitions: ['0'] },
      { broker: 1, partitions: ['1'] },
    ]);
    expect(responses.map((r) => [r.topicName, r.partition]).sort()).toEqual([
      [TOPIC, 0],
      [TOPIC, 1],
    ]);
  });
});

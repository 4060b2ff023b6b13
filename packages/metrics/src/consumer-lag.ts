import type { BatchHandler, ConsumerOptions, KafkaClient, PartitionRange, RecordConsumer, TopicPartition } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { Gauge, type Registry } from 'prom-client';
import { groupLabel, topicLabeller } from './topic-labels';

/** A scrape waits this long for the broker's end offsets, then reports what it has. */
const OFFSETS_TIMEOUT_MS = 2_000;

interface ObservedGroup {
  readonly group: string;
  /** `topic|partition` of this member's assignment. */
  readonly assigned: Map<string, TopicPartition>;
  /** `topic|partition` -> the last offset the handler marked done. */
  readonly done: Map<string, bigint>;
}

const keyOf = (topic: string, partition: number): string => `${topic}|${partition}`;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([promise.catch(() => null), new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref())]);
}

/** Lag of one partition: records after the last one done (the end offset is the offset the next record gets). */
export function partitionLag(endOffset: string, lastDone: bigint): number {
  const lag = BigInt(endOffset) - (lastDone + 1n);
  return lag > 0n ? Number(lag) : 0;
}

export interface ConsumerLagMetrics {
  /** createRecordConsumer with its progress observed: what the handler marks done, and the assignment. */
  observe(consumer: (options: ConsumerOptions) => RecordConsumer, options: ConsumerOptions): RecordConsumer;
}

/**
 * `firstsync_kafka_consumer_lag{group,topic,partition}`: records on the partitions this instance is
 * assigned that its handler has not finished yet, measured at scrape time against the broker's end
 * offsets. The position is the last record marked done (what the next commit writes), so a
 * partition assigned but not read since the start has no series until its first batch. Each
 * instance reports only its own partitions: sum or max across instances.
 */
export function consumerLagMetrics(registry: Registry, kafka: Pick<KafkaClient, 'fetchTopicOffsets'>, prefix: string, logger: Logger): ConsumerLagMetrics {
  const groups: ObservedGroup[] = [];
  const labelOf = topicLabeller(prefix);
  const gauge = new Gauge({
    name: 'firstsync_kafka_consumer_lag',
    help: 'Records not yet handled on each assigned partition (end offset minus position)',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      const topics = new Set(groups.flatMap((g) => [...g.assigned.values()].map((tp) => tp.topic)));
      const ends = new Map<string, readonly PartitionRange[]>();
      await Promise.all(
        [...topics].map(async (topic) => {
          const ranges = await withTimeout(kafka.fetchTopicOffsets(topic), OFFSETS_TIMEOUT_MS);
          if (ranges) ends.set(topic, ranges);
          else logger.debug({ topic }, 'end offsets unavailable for the lag metric');
        }),
      );
      gauge.reset();
      for (const { group, assigned, done } of groups) {
        for (const [key, { topic, partition }] of assigned) {
          const lastDone = done.get(key);
          const end = ends.get(topic)?.find((range) => range.partition === partition)?.high;
          if (lastDone === undefined || end === undefined) continue;
          gauge.set({ group, topic: labelOf(topic), partition: String(partition) }, partitionLag(end, lastDone));
        }
      }
    },
  });

  return {
    observe(create, options) {
      const observed: ObservedGroup = { group: groupLabel(prefix, options.groupId), assigned: new Map(), done: new Map() };
      groups.push(observed);
      const consumer = create({
        ...options,
        onAssignment(partitions) {
          observed.assigned.clear();
          for (const tp of partitions) observed.assigned.set(keyOf(tp.topic, tp.partition), tp);
          // A partition that moved to another instance is that instance's to report now.
          for (const key of observed.done.keys()) if (!observed.assigned.has(key)) observed.done.delete(key);
          options.onAssignment?.(partitions);
        },
      });
      const track =
        (handler: BatchHandler): BatchHandler =>
        (records, context) =>
          handler(records, {
            markDone(record) {
              context.markDone(record);
              observed.done.set(keyOf(record.topic, record.partition), BigInt(record.offset));
            },
            heartbeat: () => context.heartbeat(),
            pause: () => context.pause(),
            shouldContinue: () => context.shouldContinue(),
            commit: () => context.commit(),
          });
      return {
        start: (handler) => consumer.start(track(handler)),
        stop: () => consumer.stop(),
        pause: (topic, partitions) => consumer.pause(topic, partitions),
        resume: (topic, partitions) => consumer.resume(topic, partitions),
        get running() {
          return consumer.running;
        },
      };
    },
  };
}

import { randomUUID } from 'node:crypto';
import { pipelineEventSchema } from '@firstsync/contracts';
import { createRecordConsumer, type KafkaClient } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { endOffsets } from '../../../state/topic-offsets';
import type { AckTimeouts } from './ack-state';
import type { AckTrackingStore } from './ack-tracking-store';
import { replayPipelineEvent } from './replay-events';

export interface PipelineReplayDeps {
  readonly kafka: KafkaClient;
  readonly logger: Logger;
  /** The real pipeline.events topic name (with prefix). */
  readonly topic: string;
  readonly timeouts: AckTimeouts;
  readonly groupIdPrefix: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly timeoutMs: number;
}

/**
 * Reads pipeline.events from the beginning up to its current end, in a throwaway group, and feeds
 * them to the ack tracking (see replayPipelineEvent). Run once before the first inbox poll.
 */
export function pipelineReplay(deps: PipelineReplayDeps): (store: AckTrackingStore) => Promise<void> {
  return async (store) => {
    const ends = await endOffsets(deps.kafka, [deps.topic]);
    if (ends.size === 0) return;
    const read = new Map<string, number>();
    const consumer = createRecordConsumer(deps.kafka, deps.logger, {
      groupId: `${deps.groupIdPrefix}-ack-replay-${randomUUID()}`,
      topics: [deps.topic],
      fromBeginning: true,
      partitionsConsumedConcurrently: 1,
      sessionTimeoutMs: deps.sessionTimeoutMs,
      heartbeatIntervalMs: deps.heartbeatIntervalMs,
    });
    await consumer.start(async (records, context) => {
      for (const record of records) {
        try {
          const parsed = pipelineEventSchema.safeParse(JSON.parse(record.value?.toString('utf8') ?? ''));
          if (parsed.success) replayPipelineEvent(store, parsed.data, deps.timeouts);
        } catch {
          // Not JSON: not an event this replay can use.
        }
        read.set(`${record.topic}|${record.partition}`, Number(record.offset));
        context.markDone(record);
      }
    });
    const deadline = Date.now() + deps.timeoutMs;
    try {
      for (;;) {
        const behind = [...ends].some(([key, end]) => (read.get(key) ?? -1) < end - 1);
        if (!behind) break;
        if (Date.now() > deadline) throw new Error(`ack tracking not rebuilt from pipeline events within ${deps.timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      deps.logger.info({ tracked: store.size, awaiting: store.awaiting().length }, 'MESH ack tracking rebuilt from pipeline events');
    } finally {
      await consumer.stop();
    }
  };
}

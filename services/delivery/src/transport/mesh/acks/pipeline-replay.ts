import { pipelineEventSchema } from '@firstsync/contracts';
import { decodeJson, type KafkaClient, replayToEnd } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
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
    await replayToEnd(deps.kafka, deps.logger, {
      name: 'ack-replay',
      groupIdPrefix: `${deps.groupIdPrefix}-ack-replay-`,
      topics: [deps.topic],
      partitionsConsumedConcurrently: 1,
      sessionTimeoutMs: deps.sessionTimeoutMs,
      heartbeatIntervalMs: deps.heartbeatIntervalMs,
      timeoutMs: deps.timeoutMs,
      apply: (record) => {
        // A record that is not a pipeline event is nothing this replay can use.
        const event = decodeJson(record, pipelineEventSchema);
        if (event.ok) replayPipelineEvent(store, event.value, deps.timeouts);
      },
    });
    deps.logger.info({ tracked: store.size, awaiting: store.awaiting().length }, 'MESH ack tracking rebuilt from pipeline events');
  };
}

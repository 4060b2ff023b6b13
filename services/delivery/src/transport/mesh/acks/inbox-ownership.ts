import { pipelineEventSchema } from '@firstsync/contracts';
import { createPartitionOwnership, decodeJson, type GroupSession, type KafkaClient, type Materialised, materialise } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { AckTimeouts } from './ack-state';
import type { AckTrackingStore } from './ack-tracking-store';
import { replayPipelineEvent } from './replay-events';

/**
 * How several delivery instances share one MESH mailbox: exactly one of them (the owner) polls the
 * inbox and sweeps acknowledgement timeouts, for every instance's messages.
 * - Ownership is a consumer group on a 1-partition topic (ops.commands.v1, which every delivery
 *   already has; its records are only marked done here): the member holding partition 0 owns the
 *   inbox. A SIGKILLed owner's membership lapses after the group session timeout and another
 *   instance takes over; an orderly stop hands it over at once.
 * - Every instance follows pipeline.events continuously (not just once at start), so the owner
 *   tracks the `sent` events of uploads other instances made, and the acks and finals the previous
 *   owner applied: a new owner catches up before its first poll, so nothing applied before the
 *   hand-over is applied again from a stale view.
 * - An inbox message is acknowledged in MESH only after its effect is durable (mesh-ack-source), so
 *   an owner lost mid-poll leaves the rest in the inbox for the next owner: nothing is lost. During a
 *   rebalance the old and the new owner can overlap for a moment; the poller re-checks ownership
 *   before each message, and a repeated ack is idempotent in effect (the state machine makes no
 *   second final for a done message; the engine's records for a repeated outcome are keyed by
 *   consultation and version).
 */
export interface InboxCoordination {
  /** Rebuilds the tracking from pipeline.events and keeps following it; joins the ownership group. */
  start(store: AckTrackingStore): Promise<void>;
  /** Whether this instance drains the inbox now. */
  isOwner(): boolean;
  /** Resolves once the tracking holds every pipeline event written before the call. */
  catchUp(): Promise<void>;
  /** How long an inbox message that matches nothing tracked is left for its `sent` event to be read. */
  readonly unmatchedGraceMs: number;
  stop(): Promise<void>;
}

export interface InboxCoordinationDeps {
  readonly kafka: KafkaClient;
  readonly logger: Logger;
  readonly topics: { readonly pipelineEvents: string; readonly opsCommands: string };
  /** The delivery group id: the ownership group and the follower's groups are named after it. */
  readonly groupId: string;
  readonly session: GroupSession;
  readonly timeouts: AckTimeouts;
  readonly catchUpTimeoutMs: number;
  readonly unmatchedGraceMs: number;
}

const INBOX_PARTITION = 0;

export function createInboxCoordination(deps: InboxCoordinationDeps): InboxCoordination {
  const logger = deps.logger.child({ component: 'mesh-inbox' });
  let follower: Materialised | undefined;
  const ownership = createPartitionOwnership(deps.kafka, logger, {
    groupId: `${deps.groupId}-mesh-inbox-owner`,
    topic: deps.topics.opsCommands,
    what: 'MESH inbox',
    session: deps.session,
    onChange: () => undefined,
  });
  return {
    unmatchedGraceMs: deps.unmatchedGraceMs,
    async start(store) {
      follower = await materialise(deps.kafka, logger, {
        name: 'ack-follow',
        groupIdPrefix: `${deps.groupId}-ack-follow-`,
        topics: [deps.topics.pipelineEvents],
        partitionsConsumedConcurrently: 1,
        ...deps.session,
        apply: (record) => {
          // A record that is not a pipeline event is nothing the tracking can use.
          const event = decodeJson(record, pipelineEventSchema);
          if (event.ok) replayPipelineEvent(store, event.value, deps.timeouts);
        },
      });
      await follower.reached;
      logger.info({ tracked: store.size, awaiting: store.awaiting().length }, 'MESH ack tracking rebuilt from pipeline events; following them');
      await ownership.start();
    },
    isOwner: () => ownership.owns(INBOX_PARTITION),
    async catchUp() {
      await follower?.catchUp(deps.catchUpTimeoutMs);
    },
    async stop() {
      // Leaving the group first hands the inbox over without waiting for a session timeout.
      await ownership.stop();
      await follower?.stop();
    },
  };
}

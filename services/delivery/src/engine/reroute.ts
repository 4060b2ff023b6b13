import { HEADER, type OutgoingRecord, type TopicNames } from '@firstsync/kafka';
import { type PracticeDirectory, resolveRoute } from '../routing/practice-directory';
import type { HoldRegistry } from '../state/hold-registry';
import type { IndexedMessage } from '../state/message-index';
import type { TransportKind } from '../transport/port';
import { requeueRecord } from './outputs';

/**
 * Pure: parked messages that have a route now (the directory changed, a transport was added, or
 * the hold ended) go back on the main path at start-up. That is how a configuration change
 * releases what it parked; everything else stays parked, visible, for an operator.
 */
export function rerouteParked(
  parked: readonly IndexedMessage[],
  directory: PracticeDirectory,
  holds: HoldRegistry,
  available: ReadonlySet<TransportKind>,
  topics: TopicNames,
): OutgoingRecord[] {
  return parked
    .filter(
      (entry) =>
        resolveRoute({ directory, practiceOds: entry.gpMessage.practiceOds, held: holds.isHeld(entry.gpMessage.practiceOds), available, defaultConcurrency: 1 })
          .kind === 'route',
    )
    .map((entry) => requeueRecord(topics, entry.gpMessage, { [HEADER.requeuedBy]: 'start-up-reroute' }));
}

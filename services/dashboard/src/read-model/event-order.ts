import { compareEvents } from '@firstsync/consultation-lifecycle';
import type { PipelineEvent } from '@firstsync/contracts';

/**
 * Inserts into an already sorted array (`compareEvents` order), keeping it sorted: events mostly
 * arrive nearly in order. The read model never trusts arrival order, so with a total order any
 * permutation of the same events folds to the same state.
 */
export function insertSorted(events: PipelineEvent[], event: PipelineEvent): void {
  let index = events.length;
  for (let previous = events[index - 1]; previous !== undefined && compareEvents(previous, event) > 0; previous = events[index - 1]) index -= 1;
  events.splice(index, 0, event);
}

import type { PipelineEvent } from '@firstsync/contracts';
import { TYPE_PRECEDENCE } from './states';

/**
 * Total order over pipeline events: by instant, then pipeline order of the type, then eventId.
 * Kafka only orders within a partition and stages stamp their own clocks, so the read model never
 * trusts arrival order; with a total order, any permutation of the same events folds to the same state.
 */
export function compareEvents(a: PipelineEvent, b: PipelineEvent): number {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  if (byTime !== 0) return byTime;
  const byType = TYPE_PRECEDENCE[a.type] - TYPE_PRECEDENCE[b.type];
  if (byType !== 0) return byType;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/** Inserts into an already sorted array, keeping it sorted (events mostly arrive nearly in order). */
export function insertSorted(events: PipelineEvent[], event: PipelineEvent): void {
  let index = events.length;
  for (let previous = events[index - 1]; previous !== undefined && compareEvents(previous, event) > 0; previous = events[index - 1]) index -= 1;
  events.splice(index, 0, event);
}

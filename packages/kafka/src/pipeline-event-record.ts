import { HEADER, SCHEMA } from './headers';
import type { OutgoingRecord } from './producer';
import type { TopicNames } from './topics';

/** What the record's key and headers are taken from; a PipelineEvent of @firstsync/contracts fits. */
export interface PipelineEventKeys {
  readonly consultationId?: string | undefined;
  readonly practiceOds?: string | undefined;
}

/**
 * The one key rule of pipeline.events.v1: the consultation id, so every event of a consultation
 * lands on one partition in order. Practice-level events (an operator holding or releasing a
 * practice) have no consultation: they are keyed by practice so one practice's events keep their
 * order too. An event with neither has no key.
 */
export function pipelineEventKey(event: PipelineEventKeys): string | null {
  return event.consultationId ?? event.practiceOds ?? null;
}

/**
 * A pipeline event as the record every producer writes: keyed by pipelineEventKey, with the schema
 * header and the consultation id header (when there is one) so a consumer can route it unparsed.
 * `headers` adds tracing (correlation id, producer name); the event's own headers win over none.
 */
export function pipelineEventRecord(
  topics: Pick<TopicNames, 'pipelineEvents'>,
  event: PipelineEventKeys,
  headers: Readonly<Record<string, string>> = {},
): OutgoingRecord {
  const own: Record<string, string> = { [HEADER.schema]: SCHEMA.pipelineEvent };
  if (event.consultationId !== undefined) own[HEADER.consultationId] = event.consultationId;
  return { topic: topics.pipelineEvents, key: pipelineEventKey(event), value: JSON.stringify(event), headers: { ...headers, ...own } };
}

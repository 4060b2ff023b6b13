import { type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { decodeValue, readJson } from '@firstsync/kafka';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * A record of `pipeline.events.v1` -> a pipeline event, or undefined when it does not meet the
 * contract or `alreadyKnown` says it is in the view already (this instance's own `received` events,
 * added on acceptance and read back here: the contract parse is most of the cost of a record).
 */
export function pipelineEventFromRecord(
  value: Buffer | null,
  alreadyKnown: (consultationId: string, eventId: string) => boolean = () => false,
): PipelineEvent | undefined {
  const read = readJson(value);
  if (!read.ok) return undefined;
  const json = read.value;
  if (isObject(json) && typeof json.consultationId === 'string' && typeof json.eventId === 'string' && alreadyKnown(json.consultationId, json.eventId)) {
    return undefined;
  }
  const parsed = decodeValue(json, pipelineEventSchema);
  return parsed.ok ? parsed.value : undefined;
}

import { pipelineEventSchema, type PipelineEvent } from '@firstsync/contracts';

/** A record of `pipeline.events.v1` -> a pipeline event, or undefined when it does not meet the contract. */
export function pipelineEventFromRecord(value: Buffer | null): PipelineEvent | undefined {
  if (value === null) return undefined;
  const parsed = pipelineEventSchema.safeParse(JSON.parse(value.toString('utf8')));
  return parsed.success ? parsed.data : undefined;
}

import type { PipelineEvent } from '@firstsync/contracts';

export const CONSULTATION = '0b6f1a52-3c1d-4e8f-9a7b-5c4d3e2f1a0b';
export const PHARMACY = 'FVR79';
export const PRACTICE = 'A81001';
export const AT = '2026-03-10T10:00:00.000Z';

let counter = 0;

/** A pipeline event of a consultation of PHARMACY at PRACTICE, version 1, with a fresh id. */
export function pipelineEvent(fields: Partial<PipelineEvent> & Pick<PipelineEvent, 'type'>): PipelineEvent {
  counter += 1;
  return {
    eventId: `00000000-0000-4000-8000-${counter.toString().padStart(12, '0')}`,
    at: AT,
    source: 'delivery',
    consultationId: CONSULTATION,
    version: 1,
    pharmacyOds: PHARMACY,
    practiceOds: PRACTICE,
    ...fields,
  };
}

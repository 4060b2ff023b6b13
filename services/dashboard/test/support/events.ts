import { randomUUID } from 'node:crypto';
import type { PipelineEvent, PipelineEventType } from '@firstsync/contracts';

export const T0 = Date.parse('2025-03-03T09:00:00.000Z');

/** `at` as T0 + seconds, so sequences read as a timeline. */
export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

const SOURCE: Record<PipelineEventType, PipelineEvent['source']> = {
  received: 'ingest',
  'not-shared': 'fhir-mapper',
  mapped: 'fhir-mapper',
  'mapping-failed': 'fhir-mapper',
  filed: 'nhs-simulator',
  revealed: 'dashboard',
  'followed-up': 'dashboard',
  exported: 'dashboard',
  parked: 'delivery',
  'route-decided': 'delivery',
  sent: 'delivery',
  delivered: 'delivery',
  'inf-ack': 'delivery',
  'bus-ack': 'delivery',
  'mesh-report': 'delivery',
  'retry-scheduled': 'delivery',
  'needs-fallback': 'delivery',
  'fallback-sent': 'delivery',
  'dead-lettered': 'delivery',
  'resend-requested': 'delivery',
  'practice-held': 'delivery',
  'practice-released': 'delivery',
  'command-rejected': 'delivery',
};

export function event(type: PipelineEventType, seconds: number, fields: Partial<PipelineEvent> = {}): PipelineEvent {
  return { eventId: randomUUID(), type, at: at(seconds), source: SOURCE[type], ...fields };
}

/** A consultation's events: ids and codes as the stages would stamp them. */
export function journey(
  consultationId: string,
  steps: readonly [PipelineEventType, number, Partial<PipelineEvent>?][],
  practiceOds = 'A81001',
  pharmacyOds = 'FA123',
): PipelineEvent[] {
  return steps.map(([type, seconds, extra]) =>
    event(type, seconds, { consultationId, practiceOds, pharmacyOds, service: 'pharmacy-first', version: 1, ...extra }),
  );
}

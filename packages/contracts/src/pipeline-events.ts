import { z } from 'zod';

/**
 * What happened to a consultation, appended by every stage to `pipeline.events.v1` (key =
 * consultationId). Small and free of patient data: the dashboard, the ingest status API and audits
 * are built from these, so they must be safe to show to ops staff and to keep for 90 days.
 */
export const PIPELINE_EVENT_TYPES = [
  'received', // ingest: accepted and durably in Kafka
  'not-shared', // mapper: consent to share with the GP refused; nothing will be sent
  'mapped', // mapper: a valid Update Record message was built
  'mapping-failed', // mapper: no valid message could be built; on mapping.dead-letter
  'parked', // delivery: no usable route (unknown practice, transport disabled, practice held)
  'route-decided', // delivery: a routing decision before sending (remembered 20010, MESH endpoint lookup) with its reason; no state change
  'sent', // delivery: handed to a transport (MESH accepted the upload, or FHIR endpoint called)
  'delivered', // delivery: the GP side confirmed receipt (FHIR 2xx, or ITK3 business ack 30001)
  'inf-ack', // MESH route: ITK3 infrastructure acknowledgement (20013 or negative)
  'bus-ack', // MESH route: ITK3 business acknowledgement (30001 or 30002/30003)
  'mesh-report', // MESH route: routing error or undelivered report (EPL-15x, 14)
  'retry-scheduled', // delivery: a retryable failure; next attempt on a delay tier
  'needs-fallback', // delivery: structured route exhausted or refused; NHSmail fallback due
  'fallback-sent', // delivery: NHSmail summary accepted by the mail relay
  'filed', // simulator / GP side: staff filed the consultation into the record
  'dead-lettered', // delivery: permanent failure or out of retries; on delivery.dead-letter
  'resend-requested', // operator asked for a resend
  'practice-held', // operator held a practice
  'practice-released', // operator released a practice
  'command-rejected', // an operator command could not be carried out
  'revealed', // an operator revealed masked patient identifiers (audit)
  'followed-up', // pharmacy staff marked a worklist item followed up (audit: actor, outcome code; no state change)
  'exported', // dashboard: someone exported outcome figures (audit: actor, format as code, area and period in details; no consultation, no patient data)
] as const;

export const pipelineEventTypeSchema = z.enum(PIPELINE_EVENT_TYPES);
export type PipelineEventType = z.infer<typeof pipelineEventTypeSchema>;

export const transportSchema = z.enum(['mesh', 'fhir-rest', 'nhsmail']);
export type Transport = z.infer<typeof transportSchema>;

export const pipelineEventSchema = z.strictObject({
  eventId: z.uuid(),
  type: pipelineEventTypeSchema,
  /** When it happened (ISO 8601 with offset). */
  at: z.iso.datetime({ offset: true }),
  /** The service that recorded it. */
  source: z.enum(['ingest', 'fhir-mapper', 'delivery', 'dashboard', 'nhs-simulator']),
  consultationId: z.uuid().optional(),
  version: z.int().min(1).optional(),
  correlationId: z.string().max(128).optional(),
  pharmacyOds: z.string().max(12).optional(),
  practiceOds: z.string().max(12).optional(),
  service: z.string().max(64).optional(),
  transport: transportSchema.optional(),
  attempt: z.int().min(0).optional(),
  /** Machine-readable outcome, e.g. an HTTP status, an ITK3 code (20013, 30001) or EPL-152. */
  code: z.string().max(64).optional(),
  /** Human-readable, PII-free explanation. */
  message: z.string().max(2000).optional(),
  durationMs: z.number().min(0).optional(),
  /** Operator actions: who asked and why. */
  actor: z.string().max(200).optional(),
  reason: z.string().max(1000).optional(),
  /** Small extra facts (next attempt time, retry tier, message ids); never patient data. */
  details: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).optional(),
});

export type PipelineEvent = z.infer<typeof pipelineEventSchema>;

/** Stamps a new event with its id and time; `at` may be given when the event reports a past moment. */
export function createPipelineEvent(fields: Omit<PipelineEvent, 'eventId' | 'at'> & { at?: string }, now: () => Date = () => new Date()): PipelineEvent {
  return { eventId: crypto.randomUUID(), at: fields.at ?? now().toISOString(), ...fields };
}

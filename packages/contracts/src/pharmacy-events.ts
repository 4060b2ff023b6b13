import { z } from 'zod';
import { gpPracticeOdsCodeSchema, pharmacyOdsCodeSchema } from './ods';
import { transportSchema } from './pipeline-events';

/**
 * What a pharmacy system is told about its own consultations: the webhook payloads and the change
 * feed (`pharmacy.events.v1`, key = pharmacy ODS code). Shaped as a Standard Webhooks payload
 * (`{ type, timestamp, data }`) plus the `eventId` that is also the `webhook-id` header, so a
 * receiver deduplicates retries by it. Ids, states, codes and times only: never patient data (the
 * pharmacy system has the patient).
 */
export const PHARMACY_EVENT_TYPES = [
  'consultation.accepted', // durably accepted by firstsync
  'consultation.delivered', // the practice's GP system has it (FHIR 2xx, or ITK3 30001)
  'consultation.rejected', // the GP system refused it (ITK3 30002 patient not known, 30003 patient left)
  'consultation.fallback-sent', // an NHSmail summary went to the practice instead; `code`/`reason` say why
  'consultation.needs-attention', // could not be mapped or delivered; firstsync operators are on it
  'consultation.replaced', // an amendment (a higher version) superseded `replacesVersion`
] as const;

export const pharmacyEventTypeSchema = z.enum(PHARMACY_EVENT_TYPES);
export type PharmacyEventType = z.infer<typeof pharmacyEventTypeSchema>;

/** A machine-readable outcome code: an ITK3 code (30003), a MESH report (EPL-151), an HTTP status. */
export const pharmacyEventCodeSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a code of letters, digits, dot, dash or underscore');

export const pharmacyEventDataSchema = z.strictObject({
  consultationId: z.uuid(),
  version: z.int().min(1),
  pharmacyOds: pharmacyOdsCodeSchema,
  practiceOds: gpPracticeOdsCodeSchema.optional(),
  // A PharmacyState of @firstsync/consultation-lifecycle (that package depends on this one, so the
  // list cannot be imported here); the projection only ever writes one of them.
  state: z.string().min(1).max(32).describe('The delivery state the consultation is in after this event (as in GET /v1/consultations/{id})'),
  code: pharmacyEventCodeSchema.optional(),
  /** PII-free explanation, from firstsync's own code tables (never text received from elsewhere). */
  reason: z.string().min(1).max(500).optional(),
  transport: transportSchema.optional(),
  replacesVersion: z.int().min(1).optional(),
});

export const pharmacyEventSchema = z.strictObject({
  /** Deterministic per fact: the same on every retry and re-projection; the `webhook-id` header. */
  eventId: z.uuid(),
  type: pharmacyEventTypeSchema,
  /** When it happened (ISO 8601 with offset). */
  timestamp: z.iso.datetime({ offset: true }),
  data: pharmacyEventDataSchema,
});

export type PharmacyEventData = z.infer<typeof pharmacyEventDataSchema>;
export type PharmacyEvent = z.infer<typeof pharmacyEventSchema>;

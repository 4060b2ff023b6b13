import { PHARMACY_STATES } from '@firstsync/consultation-lifecycle';
import { type Consultation, consultationWarningSchema, pipelineEventTypeSchema, problemSchema, transportSchema } from '@firstsync/contracts';
import { z } from 'zod';

/** Most consultations one batch request may carry. */
export const BATCH_MAX_ITEMS = 100;

export const acceptedBodySchema = z.strictObject({
  consultationId: z.uuid(),
  version: z.int().min(1),
  status: z.literal('accepted'),
  statusUrl: z.url().describe('GET this address for the delivery state and timeline'),
  warnings: z.array(consultationWarningSchema).describe('Eligibility findings that did not reject the consultation'),
});

export const timelineEntrySchema = z.strictObject({
  eventId: z.uuid(),
  type: pipelineEventTypeSchema,
  at: z.string().describe('ISO 8601 date-time with offset'),
  source: z.string(),
  version: z.int().min(1).optional(),
  transport: transportSchema.optional(),
  code: z.string().optional().describe('e.g. an ITK3 acknowledgement code (20013, 30001) or HTTP status'),
  message: z.string().optional(),
  attempt: z.int().min(0).optional(),
});

export const consultationStatusSchema = z.strictObject({
  consultationId: z.uuid(),
  version: z.int().min(1).describe('Latest version the pipeline has seen'),
  state: z.enum(PHARMACY_STATES),
  since: z.string().optional().describe('When the current state was reached'),
  statusUrl: z.url(),
  timeline: z.array(timelineEntrySchema).describe('What happened, in order'),
  asOf: z.iso
    .datetime()
    .describe(
      'State and timeline reflect every pipeline event published before this instant (they are projected from the pipeline a moment later). A view further behind than the allowed lag is not answered: 503 with Retry-After.',
    ),
});

export const consultationIdParamsSchema = z.object({ id: z.string().describe('consultationId (UUID)') });

export function batchRequestSchema(consultationSchema: z.ZodType<Consultation>) {
  return z.strictObject({
    consultations: z.array(consultationSchema).min(1).max(BATCH_MAX_ITEMS).describe(`1 to ${BATCH_MAX_ITEMS} consultations, each handled independently`),
  });
}

/** What the batch handler checks before looking at the items one by one. */
export const batchEnvelopeSchema = z.strictObject({
  consultations: z
    .array(z.unknown(), { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an array of consultations') })
    .min(1, 'must contain at least 1 consultation')
    .max(BATCH_MAX_ITEMS, `must contain at most ${BATCH_MAX_ITEMS} consultations`),
});

export const batchItemResultSchema = z.strictObject({
  index: z.int().min(0).describe('Position of the item in the request'),
  status: z.int().describe('The status a single POST /v1/consultations would have answered'),
  replayed: z.boolean().optional().describe('True when an earlier identical submission is answered again'),
  body: z.union([acceptedBodySchema, problemSchema]),
});

export const batchResponseSchema = z.strictObject({
  results: z.array(batchItemResultSchema),
});

export { problemSchema };

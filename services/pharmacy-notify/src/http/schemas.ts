import {
  PHARMACY_EVENT_TYPES,
  pharmacyEventSchema,
  pharmacyEventTypeSchema,
  webhookAttemptSchema,
  webhookDescriptionSchema,
  webhookEventTypesSchema,
  webhookUrlSchema,
} from '@firstsync/contracts';
import { z } from 'zod';

/** Most endpoints one pharmacy may register: each costs a delivery loop and a secret. */
export const MAX_ENDPOINTS_PER_PHARMACY = 10;
export const FEED_MAX_LIMIT = 500;
export const FEED_MAX_WAIT_SECONDS = 30;
export const ATTEMPTS_MAX_LIMIT = 100;
export const MAX_OVERLAP_HOURS = 168;

const instant = z.string().describe('ISO 8601 date-time with offset');

export const endpointSchema = z.strictObject({
  id: z.uuid().describe('The endpoint id'),
  url: z.string().describe('Where events are POSTed'),
  eventTypes: z.array(pharmacyEventTypeSchema).describe('The event types sent to this endpoint'),
  description: z.string().optional(),
  status: z.enum(['enabled', 'disabled']),
  disabledReason: z.string().optional().describe('Why it is disabled: since when deliveries failed and the last error, or disabled by its owner'),
  disabledBy: z.enum(['system', 'owner']).optional(),
  createdAt: instant,
  updatedAt: instant,
});

export const createdEndpointSchema = endpointSchema.extend({
  secret: z.string().describe('The signing secret (whsec_...): verify webhook-signature with it. Also readable later with GET .../secret.'),
});

export const endpointListSchema = z.strictObject({ endpoints: z.array(endpointSchema) });

export const createEndpointBodySchema = z.strictObject({
  url: webhookUrlSchema.describe('https URL of a public host (no user name, password or fragment); redirects are not followed'),
  eventTypes: webhookEventTypesSchema.describe(`Any of ${PHARMACY_EVENT_TYPES.join(', ')}`),
  description: webhookDescriptionSchema.optional(),
});

export const updateEndpointBodySchema = z
  .strictObject({
    url: createEndpointBodySchema.shape.url.optional(),
    eventTypes: createEndpointBodySchema.shape.eventTypes.optional(),
    description: webhookDescriptionSchema.optional(),
  })
  .refine(
    (body) => body.url !== undefined || body.eventTypes !== undefined || body.description !== undefined,
    'must change at least one of url, eventTypes, description',
  );

export const rotateSecretBodySchema = z.strictObject({
  overlapHours: z
    .number()
    .min(0)
    .max(MAX_OVERLAP_HOURS)
    .default(24)
    .describe('How long the previous secret keeps signing too (every request carries both signatures meanwhile)'),
});

export const secretSchema = z.strictObject({
  secret: z.string().describe('The current signing secret (whsec_...)'),
  previousValidUntil: instant.optional().describe('After a rotation: until when the previous secret also signs'),
});

export const attemptsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(ATTEMPTS_MAX_LIMIT).default(20).describe('Most recent attempts to return'),
});

export const attemptListSchema = z.strictObject({ attempts: z.array(webhookAttemptSchema).describe('Newest first') });

export const eventsQuerySchema = z.strictObject({
  after: z.string().max(200).optional().describe('A nextCursor from an earlier answer; omit to start from the oldest event kept'),
  limit: z.coerce.number().int().min(1).max(FEED_MAX_LIMIT).default(100),
  waitSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(FEED_MAX_WAIT_SECONDS)
    .default(0)
    .describe('Long poll: when there is nothing new, wait up to this long for the next event'),
});

export const eventPageSchema = z.strictObject({
  events: z.array(pharmacyEventSchema).describe("Your pharmacy's events after the cursor, oldest first"),
  nextCursor: z.string().nullable().describe('Pass as `after` next time (null only when your feed is still empty)'),
});

export const endpointIdParamsSchema = z.object({ id: z.string().describe('Endpoint id (UUID)') });

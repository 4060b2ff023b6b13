import { z } from 'zod';
import { pharmacyOdsCodeSchema } from './ods';
import { pharmacyEventTypeSchema } from './pharmacy-events';
import { singleLineText } from './text';

/**
 * The webhook endpoint registry, event-sourced on `pharmacy.webhook-endpoints.v1` (key =
 * endpointId, kept forever): every change to an endpoint is one of these events, so the topic is
 * also the audit trail of who changed what. The current endpoints are a fold of them
 * (@firstsync/pharmacy-events). Delivery attempts go to `pharmacy.webhook-attempts.v1`.
 */

const at = z.iso.datetime({ offset: true });
/** The API client (or dashboard user) that made the change. */
const actor = z.string().min(1).max(200);
const endpointId = z.uuid();

/** Where an endpoint receives webhooks. The SSRF rules are applied by the service at registration. */
export const webhookUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

/** The subscribed event types: at least one, no repeats. */
export const webhookEventTypesSchema = z
  .array(pharmacyEventTypeSchema)
  .min(1)
  .refine((types) => new Set(types).size === types.length, 'must not repeat an event type');

export const webhookDescriptionSchema = singleLineText(1, 200);

/** A signing secret encrypted at rest (AES-256-GCM, @firstsync/standard-webhooks); never the plain `whsec_` secret. */
export const encryptedSecretSchema = z.string().min(1).max(1024);

/** A Kafka offset as a decimal string (offsets are 64-bit; JSON numbers are not). */
export const kafkaOffsetSchema = z.string().regex(/^(0|[1-9][0-9]{0,18})$/, 'must be a non-negative decimal offset');

/** A position in `pharmacy.events.v1`: deliver only events at `offset` or later on `partition`. */
export const feedPositionSchema = z.strictObject({ partition: z.int().min(0), offset: kafkaOffsetSchema });

export const webhookEndpointEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('created'),
    endpointId,
    pharmacyOds: pharmacyOdsCodeSchema,
    url: webhookUrlSchema,
    eventTypes: webhookEventTypesSchema,
    description: webhookDescriptionSchema.optional(),
    secret: encryptedSecretSchema,
    /** The end offsets of pharmacy.events.v1 when the endpoint was created: earlier events are not sent to it. */
    startAfter: z.array(feedPositionSchema),
    at,
    actor,
  }),
  z.strictObject({
    kind: z.literal('updated'),
    endpointId,
    url: webhookUrlSchema.optional(),
    eventTypes: webhookEventTypesSchema.optional(),
    description: webhookDescriptionSchema.optional(),
    at,
    actor,
  }),
  z.strictObject({
    kind: z.literal('secret-rotated'),
    endpointId,
    secret: encryptedSecretSchema,
    /** Until when the previous secret still signs too (the rotation overlap). */
    previousValidUntil: at,
    at,
    actor,
  }),
  z.strictObject({
    kind: z.literal('disabled'),
    endpointId,
    /** PII-free: since when it has been failing and the last error, or the owner's own words. */
    reason: z.string().min(1).max(500),
    by: z.enum(['system', 'owner']),
    at,
    actor: actor.optional(),
  }),
  z.strictObject({
    kind: z.literal('enabled'),
    endpointId,
    at,
    actor,
    /**
     * Set when the owner enabled an endpoint that had fallen behind what the service keeps: events up
     * to this position can no longer be sent, and delivery carries on after it (the owner was told).
     */
    resumeAfter: feedPositionSchema.optional(),
  }),
  z.strictObject({ kind: z.literal('deleted'), endpointId, at, actor }),
]);

export type WebhookEndpointEvent = z.infer<typeof webhookEndpointEventSchema>;
export type WebhookEndpointEventKind = WebhookEndpointEvent['kind'];
export type FeedPosition = z.infer<typeof feedPositionSchema>;

export const WEBHOOK_ATTEMPT_ERRORS = ['timeout', 'connection', 'blocked-target', 'redirect', 'http-status', 'response-too-large', 'tls'] as const;
export const webhookAttemptErrorSchema = z.enum(WEBHOOK_ATTEMPT_ERRORS);
export type WebhookAttemptError = z.infer<typeof webhookAttemptErrorSchema>;

/** One POST of one event to one endpoint, on `pharmacy.webhook-attempts.v1` (key = endpointId). */
export const webhookAttemptSchema = z.strictObject({
  attemptId: z.uuid(),
  endpointId,
  pharmacyOds: pharmacyOdsCodeSchema,
  /** The pharmacy event (and `webhook-id`) sent. */
  eventId: z.uuid(),
  eventType: pharmacyEventTypeSchema,
  consultationId: z.uuid(),
  /** Where the event is in pharmacy.events.v1: a delivered attempt moves the endpoint's cursor there. */
  partition: z.int().min(0),
  feedOffset: kafkaOffsetSchema,
  /** 1 for the first try of this event at this endpoint. */
  attempt: z.int().min(1),
  at,
  outcome: z.enum(['delivered', 'failed']),
  /** The HTTP status, when a response came. */
  status: z.int().min(100).max(599).optional(),
  durationMs: z.number().min(0),
  error: webhookAttemptErrorSchema.optional(),
  responseBytes: z.int().min(0).optional(),
  /** The start of the response body; shown to the owning pharmacy only (it is their server's text). */
  responseExcerpt: z.string().max(256).optional(),
  /** When the next try is due, after a failure. */
  nextAttemptAt: at.optional(),
});

export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

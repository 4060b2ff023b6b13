import { z } from 'zod';
import { gpMessageSchema } from './gp-message';
import { transportSchema } from './pipeline-events';

/** Where a record was consumed from, so a dead letter can name it without carrying it twice. */
export const recordSourceSchema = z.object({ topic: z.string(), partition: z.int().min(0), offset: z.string() });

export const mappingFailureReasons = ['unreadable', 'invalid-event', 'invalid-message', 'build-error'] as const;
export type MappingFailureReason = (typeof mappingFailureReasons)[number];

/** Value of a record on `mapping.dead-letter`: a consultation event the mapper could not turn into a valid message. */
export const mappingDeadLetterSchema = z.object({
  reason: z.enum(mappingFailureReasons),
  failedAt: z.string(),
  consultationId: z.string().nullable(),
  version: z.int().nullable(),
  correlationId: z.string().nullable(),
  /** An STU3 OperationOutcome naming every problem (paths and rules, never patient data). */
  operationOutcome: z.record(z.string(), z.unknown()),
  source: recordSourceSchema,
  /** The record as consumed, so it can be re-driven once the gap is fixed. */
  originalValue: z.string().nullable(),
});
export type MappingDeadLetter = z.infer<typeof mappingDeadLetterSchema>;

/** One delivery try, kept as the message travels through the retry tiers, so the dead letter has the whole story. */
export const deliveryAttemptSchema = z.object({
  attempt: z.int().min(1),
  at: z.string(),
  transport: transportSchema,
  /** `circuit-open`: not sent, the practice's breaker was open. */
  outcome: z.enum(['delivered', 'duplicate', 'accepted', 'retryable', 'permanent', 'message-fault', 'circuit-open']),
  code: z.string(),
  /** PII-free. */
  message: z.string(),
  durationMs: z.number().min(0),
});
export type DeliveryAttempt = Readonly<z.infer<typeof deliveryAttemptSchema>>;

export const deliveryDeadLetterDispositions = ['dead-lettered', 'needs-fallback', 'unreadable'] as const;
export type DeliveryDeadLetterDisposition = (typeof deliveryDeadLetterDispositions)[number];

/** Value of a record on `delivery.dead-letter`. */
export const deliveryDeadLetterSchema = z.object({
  disposition: z.enum(deliveryDeadLetterDispositions),
  /** The last reason, repeated from `attempts` for readers that want only that. */
  reason: z.object({ code: z.string(), message: z.string() }),
  deadLetteredAt: z.string(),
  gpMessage: gpMessageSchema.nullable(),
  attempts: z.array(deliveryAttemptSchema),
  firstAttemptAt: z.string().nullable(),
  deadline: z.string().nullable(),
  /** Only for unreadable input: where it came from and its raw text, so nothing is lost. */
  source: recordSourceSchema.optional(),
  raw: z.string().nullable().optional(),
});
/** Readonly, so producers can hand over the attempt history they keep without copying it. */
export type DeliveryDeadLetter = Readonly<Omit<z.infer<typeof deliveryDeadLetterSchema>, 'attempts'>> & { readonly attempts: readonly DeliveryAttempt[] };

/** Value of a record on `delivery.parked`: a message with no usable route yet. */
export const deliveryParkedSchema = z.object({ reason: z.string(), message: z.string(), parkedAt: z.string(), gpMessage: gpMessageSchema });
export type DeliveryParked = Readonly<z.infer<typeof deliveryParkedSchema>>;

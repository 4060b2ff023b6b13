import { z } from 'zod';

/**
 * Operator commands on `ops.commands.v1`, published by the dashboard and carried out by delivery.
 * Every command says who asked and why, so the topic is also the audit trail.
 */
const commandBase = {
  commandId: z.uuid(),
  requestedAt: z.iso.datetime({ offset: true }),
  requestedBy: z.string().min(1).max(200),
  reason: z.string().min(1).max(1000),
};

const practiceOds = z.string().regex(/^[A-Z][0-9]{5}$/, 'must be a GP practice ODS code');

export const resendFilterSchema = z.strictObject({
  states: z
    .array(z.enum(['dead-lettered', 'parked', 'needs-fallback', 'failed']))
    .min(1)
    .optional(),
  practiceOds: practiceOds.optional(),
  pharmacyOds: z.string().max(12).optional(),
  service: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const opsCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...commandBase, type: z.literal('resend'), consultationId: z.uuid() }),
  // The dashboard resolves a filter to ids at the moment the operator confirms the count, so the
  // command carries exactly what was confirmed.
  z.strictObject({
    ...commandBase,
    type: z.literal('resend-set'),
    consultationIds: z.array(z.uuid()).min(1).max(10_000),
    filter: resendFilterSchema.optional(),
  }),
  z.strictObject({ ...commandBase, type: z.literal('hold-practice'), practiceOds }),
  z.strictObject({ ...commandBase, type: z.literal('release-practice'), practiceOds }),
]);

export type OpsCommand = z.infer<typeof opsCommandSchema>;
export type ResendFilter = z.infer<typeof resendFilterSchema>;

import { z } from 'zod';

/**
 * A finding that does not reject the consultation (it still happened) but that the pharmacy
 * and the pipeline should see, e.g. a patient outside a pathway's eligibility. Messages never
 * carry patient data; `path` points at the field concerned.
 */
export const consultationWarningSchema = z.strictObject({
  code: z.string().min(1).max(64),
  message: z.string().min(1).max(1000),
  path: z.string().max(200).optional(),
});

export type ConsultationWarning = z.infer<typeof consultationWarningSchema>;

import { z } from 'zod';
import { type Clock, systemClock } from './clock';
import { createConsultationSchema } from './consultation';
import { consultationWarningSchema } from './consultation-warning';
import { instantSchema } from './instant';
import { pharmacyOdsCodeSchema } from './ods';

/** Kafka topic carrying accepted consultations; the record key is the consultationId. */
export const CONSULTATIONS_TOPIC = 'consultations.v1';

export function createConsultationEventSchema(options: { now: Clock['now'] } = systemClock) {
  return z.strictObject({
    envelope: z.strictObject({
      schemaVersion: z.literal(1),
      receivedAt: instantSchema,
      // The pharmacy the request was authenticated as (may differ from consultation.pharmacy
      // for a head-office integration, so the two are not forced to match).
      pharmacyOds: pharmacyOdsCodeSchema,
      correlationId: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
      warnings: z.array(consultationWarningSchema),
    }),
    // The validated (output) consultation is valid input too, so consumers re-parse it safely.
    consultation: createConsultationSchema(options),
  });
}

/** The JSON value of a record on `consultations.v1`. */
export const consultationEventSchema = createConsultationEventSchema();
export type ConsultationEvent = z.infer<typeof consultationEventSchema>;

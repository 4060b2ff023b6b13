import { z } from 'zod';
import { clinicianSchema } from './clinician';
import { type Clock, systemClock } from './clock';
import { addCrossFieldRules } from './consultation-rules';
import { enumField } from './enum-field';
import { instantSchema, instantToMillis } from './instant';
import { medicineSuppliedSchema } from './medicine';
import { notesSchema } from './notes';
import { observationSchema } from './observation';
import { createPatientSchema } from './patient';
import { pharmacySchema } from './pharmacy';
import { pharmacyFirstSchema } from './pharmacy-first';
import { snomedIdSchema } from './snomed';
import { singleLineText } from './text';

export const services = ['pharmacy-first', 'blood-pressure-check', 'contraception', 'urgent-medicine-supply'] as const;
export type Service = (typeof services)[number];

export const referralSources = ['walk-in', 'gp-practice', 'nhs-111', 'urgent-care', 'other'] as const;

export const outcomes = [
  'advice-only',
  'medicine-supplied',
  'otc-sale',
  'no-supply',
  'referred-to-gp',
  'urgent-escalation',
  'signposted',
  'referred-to-other-pharmacy-service',
] as const;
export type Outcome = (typeof outcomes)[number];

/** The whole POST body may be at most 256 KiB (enforced by the HTTP layer, stated here once). */
export const CONSULTATION_MAX_BODY_BYTES = 256 * 1024;

// Pharmacy clocks drift; 5 minutes of tolerance stops honest skew from rejecting consultations.
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

function startedAtSchema(clock: Clock) {
  return instantSchema.refine((at) => instantToMillis(at) <= clock.now().getTime() + FUTURE_TOLERANCE_MS, {
    message: 'must not be more than 5 minutes in the future',
  });
}

export interface ConsultationSchemaOptions {
  /** Clock used for "not in the future" rules; the real clock unless a test injects one. */
  now: Clock['now'];
}

export function createConsultationSchema(options: ConsultationSchemaOptions = systemClock) {
  const clock: Clock = { now: options.now };
  const shape = z.strictObject({
    // Lower-cased so the idempotency key and Kafka key do not depend on the sender's hex case.
    consultationId: z
      .uuid({ error: 'must be a UUID' })
      // The nil and max UUIDs are placeholders, not minted ids: as idempotency keys they would
      // make unrelated consultations replace each other.
      .refine((id) => !/^(0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i.test(id), {
        message: 'must be a minted UUID, not the nil or max UUID',
      })
      .toLowerCase(),
    version: z.int({ error: 'must be a whole number' }).min(1, 'must be at least 1').default(1),
    service: enumField(services),
    pharmacyFirst: pharmacyFirstSchema.optional(),
    referral: z
      .strictObject({
        source: enumField(referralSources),
        reference: singleLineText(1, 64).optional(),
      })
      .optional(),
    startedAt: startedAtSchema(clock),
    endedAt: instantSchema.optional(),
    pharmacy: pharmacySchema,
    clinician: clinicianSchema,
    patient: createPatientSchema(clock),
    // Absent lists mean "none", so consumers never have to tell undefined from [].
    presentingComplaints: z
      .array(z.strictObject({ code: snomedIdSchema, display: singleLineText(1, 200) }))
      .max(10, 'must have at most 10 items')
      .default([]),
    observations: z.array(observationSchema).max(30, 'must have at most 30 items').default([]),
    notes: notesSchema,
    medicinesSupplied: z.array(medicineSuppliedSchema).max(20, 'must have at most 20 items').default([]),
    outcome: enumField(outcomes),
    consentToShareWithGp: z.boolean({
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be true or false'),
    }),
  });
  return addCrossFieldRules(shape);
}

export const consultationSchema = createConsultationSchema();

/** What a pharmacy system sends (defaults not yet applied). */
export type ConsultationInput = z.input<typeof consultationSchema>;
/** A validated consultation: defaults applied, NHS number without spaces. */
export type Consultation = z.infer<typeof consultationSchema>;

export type Patient = Consultation['patient'];
export type Clinician = Consultation['clinician'];
export type Referral = NonNullable<Consultation['referral']>;

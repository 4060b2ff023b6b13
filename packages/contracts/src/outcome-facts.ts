import { z } from 'zod';
import { calendarDateSchema } from './calendar-date';
import { outcomes, referralSources, services } from './consultation';
import { instantSchema } from './instant';
import { supplyTypes } from './medicine';
import { gpPracticeOdsCodeSchema, pharmacyOdsCodeSchema } from './ods';
import { genders } from './patient';
import { pharmacyEventCodeSchema } from './pharmacy-events';
import { pharmacyFirstElements, pharmacyFirstPathways } from './pharmacy-first';
import { snomedIdSchema } from './snomed';

/**
 * De-identified outcome facts (`outcomes.facts.v1`, issue #17): what a consultation was and what
 * became of it at the GP, with no patient identity. Codes, enums, a calendar date and an age band
 * only: no NHS number, name, birth date, postcode, free text, clinician, dosage text or medicine
 * name. The pure derivations and their tests are in @firstsync/outcomes, which re-exports these.
 */

/**
 * Age bands at the consultation date, by completed years. The boundaries are Pharmacy First's
 * eligibility ages (sore throat from 5, sinusitis from 12, UTI 16-64, shingles from 18, otitis
 * media up to 17), 25 and 40 split the contraception years, 65 and 75 the older patients.
 */
export const AGE_BANDS = [
  { band: '0-4', from: 0 },
  { band: '5-11', from: 5 },
  { band: '12-15', from: 12 },
  { band: '16-17', from: 16 },
  { band: '18-24', from: 18 },
  { band: '25-39', from: 25 },
  { band: '40-64', from: 40 },
  { band: '65-74', from: 65 },
  { band: '75+', from: 75 },
] as const;

export type AgeBand = (typeof AGE_BANDS)[number]['band'];
export const ageBandSchema = z.enum(AGE_BANDS.map((b) => b.band) as [AgeBand, ...AgeBand[]]);

/**
 * Where a consultation's GP notification stands, coarser than the operators' lifecycle states:
 * - `pending`: nothing final yet (received, mapped, sent, retrying, parked, or a fallback is due for another reason)
 * - `filed`: the practice's GP system took it via Update Record: ITK3 business ack 30001 (route `itk3-mesh`) or FHIR 2xx (route `fhir-rest`)
 * - `fallback-email`: the NHSmail summary went instead (`code`: why the structured route gave up, e.g. 20010, 30002, EPL-151)
 * - `rejected`: the GP system answered 30002 (patient not known) or 30003 (patient left); the fallback is due
 * - `switched-off`: the practice has Update Record switched off (20010); the fallback is due
 * - `failed`: no valid message could be built, delivery gave up for good, or the fallback e-mail could not go (an operator must act)
 * - `not-shared`: the patient did not consent to sharing with the GP; nothing was sent
 */
export const DELIVERY_RESULTS = ['pending', 'filed', 'fallback-email', 'rejected', 'switched-off', 'failed', 'not-shared'] as const;
export const deliveryResultSchema = z.enum(DELIVERY_RESULTS);
export type DeliveryResult = z.infer<typeof deliveryResultSchema>;

/** How the result was reached: Update Record over MESH (ITK3), Update Record over FHIR REST, or the NHSmail fallback. */
export const DELIVERY_ROUTES = ['itk3-mesh', 'fhir-rest', 'nhsmail'] as const;
export const deliveryRouteSchema = z.enum(DELIVERY_ROUTES);
export type DeliveryRoute = z.infer<typeof deliveryRouteSchema>;

/** HMAC-SHA256 of the consultation id (hex): stable per consultation, never the id itself. */
export const factKeySchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters (HMAC-SHA256)');

export const medicineFactSchema = z.strictObject({
  dmdCode: snomedIdSchema,
  quantity: z.strictObject({ value: z.number().gt(0), unitCode: snomedIdSchema }),
  supplyType: z.enum(supplyTypes),
  /** One of the Pharmacy First PGD antibiotics (@firstsync/outcomes PGD_ANTIBIOTICS). */
  antibiotic: z.boolean(),
});
export type MedicineFact = z.infer<typeof medicineFactSchema>;

const consultationFields = {
  factKey: factKeySchema,
  /** The consultation's version: an amendment replaces the consultation part, so it is counted once. */
  version: z.int().min(1),
  service: z.enum(services),
  pharmacyFirstElement: z.enum(pharmacyFirstElements).nullable(),
  /** The Pharmacy First clinical pathway, when there is one. */
  pathway: z.enum(pharmacyFirstPathways).nullable(),
  outcome: z.enum(outcomes),
  referralSource: z.enum(referralSources).nullable(),
  /** The medicines handed over (status completed): codes and quantities only. */
  medicines: z.array(medicineFactSchema).max(20),
  ageBand: ageBandSchema,
  sex: z.enum(genders),
  pharmacyOds: pharmacyOdsCodeSchema,
  /** The patient's registered practice. */
  practiceOds: gpPracticeOdsCodeSchema,
  /** The consultation's date as the pharmacy's clock wrote it (startedAt), no time of day. */
  consultationDate: calendarDateSchema,
  /** consentToShareWithGp. */
  sharedWithGp: z.boolean(),
};

const deliveryFields = {
  result: deliveryResultSchema,
  route: deliveryRouteSchema.nullable(),
  /** The code behind the result: 30001 or the HTTP status when filed; 30002/30003, 20010, EPL-15x, a dead-letter code otherwise. */
  code: pharmacyEventCodeSchema.nullable(),
  /** When the practice confirmed it (30001 / 2xx), to the minute; only when `result` is `filed`. */
  filedAt: instantSchema.nullable(),
};

const filedAtOnlyWhenFiled = (d: { result: DeliveryResult; filedAt: string | null }) => (d.result === 'filed') === (d.filedAt !== null);
const FILED_AT_RULE = { message: 'filedAt is set exactly when result is filed', path: ['filedAt'] };

export const deliveryFactSchema = z.strictObject(deliveryFields).refine(filedAtOnlyWhenFiled, FILED_AT_RULE);
export type DeliveryFact = z.infer<typeof deliveryFactSchema>;

/** One consultation's de-identified outcome: the consultation part merged with its delivery part. */
export const outcomeFactSchema = z.strictObject({ ...consultationFields, delivery: deliveryFactSchema });
export type OutcomeFact = z.infer<typeof outcomeFactSchema>;

/** The consultation part, from consultations.v1 (record key `<factKey>/consultation`). */
export const consultationPartSchema = z.strictObject({ part: z.literal('consultation'), ...consultationFields });
export type ConsultationPart = z.infer<typeof consultationPartSchema>;

/** The delivery part of one version, from pipeline.events.v1 (record key `<factKey>/delivery/<version>`). */
export const deliveryPartSchema = z
  .strictObject({ part: z.literal('delivery'), factKey: factKeySchema, version: z.int().min(1), ...deliveryFields })
  .refine(filedAtOnlyWhenFiled, FILED_AT_RULE);
export type DeliveryPart = z.infer<typeof deliveryPartSchema>;

/** The JSON value of a record on `outcomes.facts.v1`. */
export const outcomeFactRecordSchema = z.discriminatedUnion('part', [consultationPartSchema, deliveryPartSchema]);
export type OutcomeFactRecord = z.infer<typeof outcomeFactRecordSchema>;

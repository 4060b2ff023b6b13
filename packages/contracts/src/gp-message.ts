import { z } from 'zod';

/**
 * A GP Connect Update Record message ready for delivery, on `gp-messages.v1` (key = registered
 * practice ODS code). The bundle is the complete ITK3 message; the identifiers let delivery, acks
 * and resends be correlated without parsing it again.
 */
export const gpMessageSchema = z.strictObject({
  consultationId: z.uuid(),
  version: z.int().min(1),
  correlationId: z.string().max(128),
  practiceOds: z.string(),
  pharmacyOds: z.string(),
  service: z.string(),
  builtAt: z.iso.datetime({ offset: true }),
  identifiers: z.strictObject({
    bundleIdentifier: z.string(),
    messageHeaderId: z.string(),
    documentIdentifier: z.string(),
    senderReference: z.string(),
  }),
  /** MESH addresses by patient (GPPROVIDER_<NHS>_<DOB>_<SURNAME>); kept out of logs by redaction. */
  meshRouting: z.strictObject({ nhsNumber: z.string(), birthDate: z.string(), surname: z.string() }),
  /** The ITK3 message Bundle (FHIR STU3 JSON). */
  bundle: z.record(z.string(), z.unknown()),
});

export type GpMessage = z.infer<typeof gpMessageSchema>;

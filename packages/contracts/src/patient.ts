import { z } from 'zod';
import { calendarDateSchema } from './calendar-date';
import type { Clock } from './clock';
import { enumField } from './enum-field';
import { englandDateOf } from './london-clock';
import { nhsNumberSchema } from './nhs-number';
import { gpPracticeOdsCodeSchema } from './ods';
import { patientNameSchema } from './person-name';
import { ukPostcodeSchema } from './postcode';
import { singleLineText } from './text';

export const genders = ['female', 'male', 'other', 'unknown'] as const;

// Earliest plausible birth date: anything older is a data-entry error, not a patient.
export const EARLIEST_BIRTH_DATE = '1900-01-01';

function birthDateSchema(clock: Clock) {
  // ISO dates compare correctly as strings, so no Date parsing (and no zone surprises) is needed.
  return calendarDateSchema
    .refine((date) => date >= EARLIEST_BIRTH_DATE, { message: `must not be before ${EARLIEST_BIRTH_DATE}` })
    .refine((date) => date <= englandDateOf(clock.now()), { message: 'must not be in the future' });
}

export function createPatientSchema(clock: Clock) {
  return z.strictObject({
    nhsNumber: nhsNumberSchema,
    // Default true: suppliers only send numbers traced against PDS; false flags a local-only number.
    nhsNumberVerified: z.boolean().default(true),
    name: patientNameSchema,
    birthDate: birthDateSchema(clock),
    gender: enumField(genders),
    postcode: ukPostcodeSchema.optional(),
    registeredPractice: z.strictObject({
      odsCode: gpPracticeOdsCodeSchema,
      name: singleLineText(1, 200).optional(),
    }),
  });
}

import { z } from 'zod';
import { enumField } from './enum-field';
import { clinicianNameSchema } from './person-name';

export const clinicianRoles = ['pharmacist', 'pharmacy-technician'] as const;

export const clinicianSchema = z.strictObject({
  name: clinicianNameSchema,
  role: enumField(clinicianRoles),
  // GPhC registration numbers are 7 digits; kept as a string so leading zeros survive.
  gphcNumber: z
    .string()
    .regex(/^[0-9]{7}$/, 'must be a GPhC registration number (7 digits)')
    .optional(),
});

import { z } from 'zod';
import { enumField } from './enum-field';
import { snomedIdSchema } from './snomed';
import { multiLineText, singleLineText } from './text';

export const supplyTypes = [
  'patient-group-direction',
  'clinical-protocol',
  'over-the-counter',
  'emergency-supply',
  'prescription-dispensing',
  'minor-ailments-scheme',
] as const;

// 'declined' records an offered supply the patient refused (MedicationDispense status stopped).
export const medicineStatuses = ['completed', 'declined'] as const;

export const medicineSuppliedSchema = z.strictObject({
  dmdCode: snomedIdSchema,
  name: singleLineText(1, 300),
  quantity: z.strictObject({
    value: z.number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') }).gt(0, 'must be greater than 0'),
    unitCode: snomedIdSchema,
    unit: singleLineText(1, 200),
  }),
  supplyType: enumField(supplyTypes),
  dosageText: multiLineText(1, 1000),
  patientInstruction: multiLineText(1, 1000),
  daysSupply: z.int({ error: 'must be a whole number of days' }).min(1, 'must be between 1 and 366 days').max(366, 'must be between 1 and 366 days').optional(),
  status: enumField(medicineStatuses).default('completed'),
});

export type MedicineSupplied = z.infer<typeof medicineSuppliedSchema>;

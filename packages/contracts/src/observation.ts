import { z } from 'zod';
import { enumField } from './enum-field';
import { instantSchema } from './instant';
import { snomedIdSchema } from './snomed';
import { singleLineText } from './text';
import { whenFieldsValid } from './when-fields-valid';

// Plausibility ranges from the contract: wide enough for any living patient, narrow enough to
// catch unit mix-ups (e.g. a temperature in Fahrenheit, a height in metres).
function measurement(min: number, max: number, unit: string) {
  return z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') })
    .min(min, `must be between ${min} and ${max} ${unit}`)
    .max(max, `must be between ${min} and ${max} ${unit}`);
}

// effectiveAt defaults to the consultation's startedAt; the mapper applies that default
// because it depends on a sibling of the observations array.
const effectiveAt = instantSchema.optional();

export const bloodPressureMethods = ['unspecified', 'sitting', 'standing', 'lying', 'ambulatory-average', 'home-average'] as const;

const bloodPressure = z
  .strictObject({
    kind: z.literal('blood-pressure'),
    systolic: measurement(20, 300, 'mmHg'),
    diastolic: measurement(20, 300, 'mmHg'),
    method: enumField(bloodPressureMethods).default('unspecified'),
    effectiveAt,
  })
  .superRefine(
    (bp, ctx) => {
      if (bp.systolic <= bp.diastolic) {
        ctx.addIssue({ code: 'custom', path: ['systolic'], message: 'must be greater than diastolic' });
      }
    },
    { when: whenFieldsValid(['systolic'], ['diastolic']) },
  );

const heartRate = z.strictObject({
  kind: z.literal('heart-rate'),
  value: measurement(20, 300, '/min'),
  irregular: z.boolean().optional(),
  effectiveAt,
});

const temperature = z.strictObject({
  kind: z.literal('temperature'),
  value: measurement(30, 45, 'Cel'),
  effectiveAt,
});

const height = z.strictObject({
  kind: z.literal('height'),
  value: measurement(30, 250, 'cm'),
  selfReported: z.boolean().optional(),
  effectiveAt,
});

const weight = z.strictObject({
  kind: z.literal('weight'),
  value: measurement(1, 400, 'kg'),
  selfReported: z.boolean().optional(),
  effectiveAt,
});

const bmi = z.strictObject({
  kind: z.literal('bmi'),
  value: measurement(8, 100, 'kg/m2'),
  effectiveAt,
});

export const pregnancyStatuses = ['pregnant', 'not-pregnant'] as const;

const pregnancyStatus = z.strictObject({
  kind: z.literal('pregnancy-status'),
  value: enumField(pregnancyStatuses),
  effectiveAt,
});

const codedFinding = z.strictObject({
  kind: z.literal('coded-finding'),
  code: snomedIdSchema,
  display: singleLineText(1, 200),
  effectiveAt,
});

export const observationKinds = ['blood-pressure', 'heart-rate', 'temperature', 'height', 'weight', 'bmi', 'pregnancy-status', 'coded-finding'] as const;

export const observationSchema = z.discriminatedUnion('kind', [bloodPressure, heartRate, temperature, height, weight, bmi, pregnancyStatus, codedFinding], {
  error: `kind must be one of: ${observationKinds.join(', ')}`,
});

export type Observation = z.infer<typeof observationSchema>;
export type ObservationKind = Observation['kind'];

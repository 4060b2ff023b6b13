import { ageInYearsOn } from './age';
import type { ConsultationWarning } from './consultation-warning';
import { calendarDateOfInstant } from './instant';
import type { Observation } from './observation';

// Readings that are possible but extreme: the consultation is accepted (the reading was taken)
// and the pharmacy is warned to check it was entered right. Impossible readings are refused by
// the schema's ranges (observation.ts). Units are fixed per kind by the contract (UCUM mm[Hg],
// /min, Cel, cm, kg, kg/m2 in the GP message), so a unit mix-up shows as an out-of-range value.
//
// Thresholds, adults only (both sources are for adults; children's normal ranges differ):
// - NICE NG136 Hypertension in adults (2019, updated 2023), 1.5.1: clinic blood pressure of
//   180/120 mmHg or higher is severe hypertension (same-day specialist review if red flags).
// - Royal College of Physicians, National Early Warning Score (NEWS) 2 (2017), chart 1: the
//   readings scoring 3 (systolic <= 90 mmHg, pulse <= 40 or >= 131 /min, temperature <= 35.0 Cel)
//   and temperature >= 39.1 Cel (scores 2, the top band).

const NEWS2_ADULT_AGE = 16;
const NG136_ADULT_AGE = 18;

export const SEVERE_HYPERTENSION = { systolic: 180, diastolic: 120 } as const;
export const NEWS2_EXTREMES = {
  systolicAtMost: 90,
  pulseAtMost: 40,
  pulseAtLeast: 131,
  temperatureAtMost: 35.0,
  temperatureAtLeast: 39.1,
} as const;
/** BMI recorded beside height and weight may differ from weight / height^2 by rounding only. */
export const BMI_TOLERANCE = 0.1;

export const observationWarningCodes = [
  'blood-pressure-severe',
  'blood-pressure-low',
  'heart-rate-extreme',
  'temperature-extreme',
  'bmi-inconsistent',
] as const;

interface ObservationShape {
  startedAt: string;
  patient: { birthDate: string };
  observations: readonly Observation[];
}

function readingWarning(o: Observation, index: number, age: number): ConsultationWarning | undefined {
  const path = `observations.${index}`;
  if (o.kind === 'blood-pressure') {
    if (age >= NG136_ADULT_AGE && (o.systolic >= SEVERE_HYPERTENSION.systolic || o.diastolic >= SEVERE_HYPERTENSION.diastolic)) {
      return { code: 'blood-pressure-severe', message: 'Blood pressure of 180/120 mmHg or higher (NICE NG136 severe hypertension); check the reading.', path };
    }
    if (age >= NEWS2_ADULT_AGE && o.systolic <= NEWS2_EXTREMES.systolicAtMost) {
      return {
        code: 'blood-pressure-low',
        message: 'Systolic blood pressure of 90 mmHg or lower (NEWS2 score 3); check the reading.',
        path: `${path}.systolic`,
      };
    }
  }
  if (age < NEWS2_ADULT_AGE) return undefined;
  if (o.kind === 'heart-rate' && (o.value <= NEWS2_EXTREMES.pulseAtMost || o.value >= NEWS2_EXTREMES.pulseAtLeast)) {
    return { code: 'heart-rate-extreme', message: 'Pulse of 40/min or lower, or 131/min or higher (NEWS2 score 3); check the reading.', path: `${path}.value` };
  }
  if (o.kind === 'temperature' && (o.value <= NEWS2_EXTREMES.temperatureAtMost || o.value >= NEWS2_EXTREMES.temperatureAtLeast)) {
    return {
      code: 'temperature-extreme',
      message: 'Temperature of 35.0 Cel or lower, or 39.1 Cel or higher (NEWS2 top band); check the reading.',
      path: `${path}.value`,
    };
  }
  return undefined;
}

function lastIndexOf(observations: readonly Observation[], kind: Observation['kind']): number {
  return observations.findLastIndex((o) => o.kind === kind);
}

// BMI = weight (kg) / height (m)^2 (WHO, "A healthy lifestyle - WHO recommendations", BMI
// definition). Compared only when all three were recorded, using the last of each.
function bmiWarning(observations: readonly Observation[]): ConsultationWarning[] {
  const [b, h, w] = [lastIndexOf(observations, 'bmi'), lastIndexOf(observations, 'height'), lastIndexOf(observations, 'weight')];
  const bmi = observations[b];
  const height = observations[h];
  const weight = observations[w];
  if (bmi?.kind !== 'bmi' || height?.kind !== 'height' || weight?.kind !== 'weight') return [];
  const computed = weight.value / (height.value / 100) ** 2;
  if (Math.abs(bmi.value - computed) <= computed * BMI_TOLERANCE) return [];
  return [
    {
      code: 'bmi-inconsistent',
      message: 'The BMI differs by more than 10% from weight / height squared of the recorded height and weight; check all three.',
      path: `observations.${b}.value`,
    },
  ];
}

/** Warnings for extreme but possible readings. Pure; never rejects. */
export function observationWarnings(c: ObservationShape): ConsultationWarning[] {
  const age = ageInYearsOn(c.patient.birthDate, calendarDateOfInstant(c.startedAt));
  const readings = c.observations.flatMap((o, index) => {
    const warning = readingWarning(o, index, age);
    return warning === undefined ? [] : [warning];
  });
  return [...readings, ...bmiWarning(c.observations)];
}

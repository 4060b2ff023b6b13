import type { Observation } from '@firstsync/contracts';
import type { Concept } from './concept';
import { UCUM, type UcumUnit } from './ucum';

type BloodPressureMethod = Extract<Observation, { kind: 'blood-pressure' }>['method'];

export interface BloodPressureTriplet {
  readonly panel: Concept;
  readonly systolic: Concept;
  readonly diastolic: Concept;
}

const onExamination: BloodPressureTriplet = {
  panel: { code: '163020007', display: 'On examination - blood pressure reading' },
  systolic: { code: '72313002', display: 'Systolic arterial pressure' },
  // ...102, not the typo ...100 still in the IG's BP example 1 (docs/known-spec-pitfalls.md#stale-codes-in-the-examples).
  diastolic: { code: '1091811000000102', display: 'Diastolic arterial pressure' },
};

/**
 * One triplet per contract method, from the IG's "Blood pressure triplets" page. The ABPM
 * average uses the newer 2181371000000107 set (the BP example 2 still shows the retired 24-hour
 * codes); a home average is a self-measured reading.
 */
export const BLOOD_PRESSURE_TRIPLETS: Readonly<Record<BloodPressureMethod, BloodPressureTriplet>> = {
  unspecified: onExamination,
  sitting: {
    panel: { code: '163035008', display: 'Sitting blood pressure reading' },
    systolic: { code: '407554009', display: 'Sitting systolic blood pressure' },
    diastolic: { code: '407555005', display: 'Sitting diastolic blood pressure' },
  },
  standing: {
    panel: { code: '163034007', display: 'Standing blood pressure reading' },
    systolic: { code: '400974009', display: 'Standing systolic blood pressure' },
    diastolic: { code: '400975005', display: 'Standing diastolic blood pressure' },
  },
  lying: {
    panel: { code: '163033001', display: 'Lying blood pressure reading' },
    systolic: { code: '407556006', display: 'Lying systolic blood pressure' },
    diastolic: { code: '407557002', display: 'Lying diastolic blood pressure' },
  },
  'ambulatory-average': {
    panel: { code: '2181371000000107', display: 'Average ambulatory blood pressure' },
    systolic: { code: '2181381000000109', display: 'Average ambulatory systolic blood pressure' },
    diastolic: { code: '2181391000000106', display: 'Average ambulatory diastolic blood pressure' },
  },
  'home-average': {
    panel: { code: '335661000000109', display: 'Self measured blood pressure reading' },
    systolic: { code: '1162737008', display: 'Self reported systolic blood pressure' },
    diastolic: { code: '1162735000', display: 'Self reported diastolic blood pressure' },
  },
};

/**
 * Every (panel, systolic, diastolic) combination the IG accepts, including the two O/E variants
 * and the baseline triplet we never send, so the validator accepts any valid message.
 */
export const VALID_BLOOD_PRESSURE_TRIPLETS: readonly (readonly [string, string, string])[] = [
  ...Object.values(BLOOD_PRESSURE_TRIPLETS).map((t) => [t.panel.code, t.systolic.code, t.diastolic.code] as const),
  ['163020007', '72313002', '271650006'],
  ['163020007', '271649006', '271650006'],
  ['928021000000108', '716579001', '716632005'],
];

export interface MeasuredConcept extends Concept {
  readonly unit: UcumUnit;
}

/**
 * Heart rate uses the IG guidance code 78564009, not 364075005 from the examples
 * (docs/known-spec-pitfalls.md#stale-codes-in-the-examples): the guidance page is the later, normative statement.
 */
export const HEART_RATE: MeasuredConcept = {
  code: '78564009',
  display: 'Heart rate measured at systemic artery',
  unit: UCUM.beatsPerMinute,
};
/** Sent as a separate finding when the pulse is irregular (IG "Pulse rate" page). */
export const PULSE_IRREGULAR: Concept = { code: '61086009', display: 'Pulse irregular' };
export const TEMPERATURE: MeasuredConcept = { code: '703421000', display: 'Temperature', unit: UCUM.celsius };
export const BODY_HEIGHT: MeasuredConcept = { code: '50373000', display: 'Body height measure', unit: UCUM.centimetre };
export const SELF_REPORTED_HEIGHT: MeasuredConcept = {
  code: '1162419008',
  display: 'Self reported body height',
  unit: UCUM.centimetre,
};
export const BODY_WEIGHT: MeasuredConcept = { code: '27113001', display: 'Body weight', unit: UCUM.kilogram };
export const SELF_REPORTED_WEIGHT: MeasuredConcept = {
  code: '784399000',
  display: 'Self reported body weight',
  unit: UCUM.kilogram,
};
// There is no self-reported BMI concept (IG "Self-reported measurements").
export const BODY_MASS_INDEX: MeasuredConcept = { code: '60621009', display: 'Body mass index', unit: UCUM.kgPerSquareMetre };

export const PREGNANCY_STATUS: Readonly<Record<'pregnant' | 'not-pregnant', Concept>> = {
  pregnant: { code: '77386006', display: 'Pregnant' },
  'not-pregnant': { code: '60001007', display: 'Not pregnant' },
};

/** Coded findings the IG files under procedures-and-therapies rather than as plain findings. */
export const PROCEDURE_FINDING_CODES: ReadonlySet<string> = new Set([
  '861231000000105', // Ambulatory blood pressure monitoring declined (IG PRSB snippet)
]);

/** Expected UCUM unit per observation (or component) code, for the validator's unit check. */
export const EXPECTED_UNIT_BY_CODE: ReadonlyMap<string, string> = new Map([
  ...[HEART_RATE, TEMPERATURE, BODY_HEIGHT, SELF_REPORTED_HEIGHT, BODY_WEIGHT, SELF_REPORTED_WEIGHT, BODY_MASS_INDEX].map(
    (c) => [c.code, c.unit.code] as const,
  ),
  ...VALID_BLOOD_PRESSURE_TRIPLETS.flatMap(([, systolic, diastolic]) => [[systolic, UCUM.mmHg.code] as const, [diastolic, UCUM.mmHg.code] as const]),
]);

export const OBSERVATION_CATEGORY = {
  vitalSigns: { code: 'vital-signs', display: 'Vital Signs' },
  socialHistory: { code: 'social-history', display: 'Social History' },
} as const satisfies Record<string, Concept>;

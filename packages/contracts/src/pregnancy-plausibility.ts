import { ageInYearsOn } from './age';
import type { ConsultationWarning } from './consultation-warning';
import { calendarDateOfInstant } from './instant';
import type { Observation } from './observation';
import type { RuleIssue } from './rule-issue';

// Pregnancy and breastfeeding status against the patient's recorded gender and age.
//
// Why refuse, not warn: in 2025 about 15,000 pregnancy statuses sent from one pharmacy system
// into GP records were miscoded (docs/pharmacy-first.md#gp-side-review-and-filing). A warning
// reaches the pharmacy (202) and our dashboard, but the Update Record message has no place for it,
// so a warned pregnancy would be filed in the GP record unflagged. The implausible cases are
// therefore refused, naming the field, and the pharmacy system must correct them at source.
//
// `patient.gender` is the PDS administrative gender, not sex at birth: a trans man recorded as
// male may be pregnant. We refuse that case too (the safe side for the miscoding hazard) and
// document it as a known limitation (docs/consultation-contract.md#plausibility-rules): until the
// GP message can carry a "confirmed by the pharmacist" flag, the pharmacist records it in the notes.

/** SNOMED CT findings that state the patient is pregnant (as the mapper codes pregnancy-status). */
const PREGNANT_FINDINGS: ReadonlySet<string> = new Set(['77386006']); // |Pregnant (finding)|
/** SNOMED CT findings that state the patient is breastfeeding. */
const BREASTFEEDING_FINDINGS: ReadonlySet<string> = new Set([
  '413712001', // |Breastfeeding (mother) (finding)|
  '169750002', // |Mother currently breast-feeding (finding)|
]);

// Ages in completed years. Menarche in the UK is at 10-16 (NHS, "Periods: starting periods"), the
// average menopause 51 (NICE NG23 Menopause, 2015, section 1.3 context); pregnancy outside 10-59
// does not happen without extraordinary assisted conception, so it is a miscoding. 10-12 and
// 50-59 are possible but rare: a warning asks the pharmacy to check.
export const PREGNANCY_PLAUSIBLE_AGE = { min: 10, max: 59 } as const;
export const PREGNANCY_USUAL_AGE = { min: 13, max: 49 } as const;

type Status = 'pregnant' | 'breastfeeding' | 'not-pregnant';

interface StatusAt {
  status: Status;
  index: number;
  field: 'value' | 'code';
}

function statusOf(o: Observation): { status: Status; field: 'value' | 'code' } | undefined {
  if (o.kind === 'pregnancy-status') return { status: o.value, field: 'value' };
  if (o.kind !== 'coded-finding') return undefined;
  if (PREGNANT_FINDINGS.has(o.code)) return { status: 'pregnant', field: 'code' };
  if (BREASTFEEDING_FINDINGS.has(o.code)) return { status: 'breastfeeding', field: 'code' };
  return undefined;
}

function statuses(observations: readonly Observation[]): StatusAt[] {
  return observations.flatMap((o, index) => {
    const found = statusOf(o);
    return found === undefined ? [] : [{ ...found, index }];
  });
}

interface PregnancyShape {
  startedAt: string;
  patient: { birthDate: string; gender: string };
  observations: readonly Observation[];
}

const ageOf = (c: PregnancyShape) => ageInYearsOn(c.patient.birthDate, calendarDateOfInstant(c.startedAt));

/** Refusals: pregnancy or breastfeeding for a male patient; pregnancy outside the plausible ages. Pure. */
export function pregnancyRefusals(c: PregnancyShape): RuleIssue[] {
  const age = ageOf(c);
  return statuses(c.observations).flatMap(({ status, index, field }): RuleIssue[] => {
    const path = ['observations', index, field];
    if (status !== 'not-pregnant' && c.patient.gender === 'male') {
      return [
        {
          path,
          code: `${status === 'pregnant' ? 'pregnancy' : 'breastfeeding'}-sex-implausible`,
          message: `records the patient as ${status}, which is implausible for the recorded patient.gender; correct the status or the gender at source`,
        },
      ];
    }
    // A negative age is already refused (startedAt before the birth date): one error is enough.
    if (status === 'pregnant' && age >= 0 && (age < PREGNANCY_PLAUSIBLE_AGE.min || age > PREGNANCY_PLAUSIBLE_AGE.max)) {
      return [
        {
          path,
          code: 'pregnancy-age-implausible',
          message: `records the patient as pregnant, which is implausible outside ages ${PREGNANCY_PLAUSIBLE_AGE.min}-${PREGNANCY_PLAUSIBLE_AGE.max} on the consultation date; correct the status or patient.birthDate at source`,
        },
      ];
    }
    return [];
  });
}

export const pregnancyWarningCodes = ['pregnancy-age-unusual', 'breastfeeding-age-unusual', 'pregnancy-status-for-male'] as const;

/** Warnings for statuses that are possible but unusual. Never overlaps a refusal. Pure. */
export function pregnancyWarnings(c: PregnancyShape): ConsultationWarning[] {
  const age = ageOf(c);
  const unusualAge = age < PREGNANCY_USUAL_AGE.min || age > PREGNANCY_USUAL_AGE.max;
  return statuses(c.observations).flatMap(({ status, index, field }): ConsultationWarning[] => {
    const path = `observations.${index}.${field}`;
    if (status === 'not-pregnant') {
      // Harmless but meaningless for a male patient: usually a form default sent without asking.
      return c.patient.gender === 'male'
        ? [
            {
              code: 'pregnancy-status-for-male',
              message: 'A pregnancy status was recorded for a patient whose recorded gender is male; check it was asked.',
              path,
            },
          ]
        : [];
    }
    if (c.patient.gender === 'male' || !unusualAge) return [];
    if (status === 'pregnant' && (age < PREGNANCY_PLAUSIBLE_AGE.min || age > PREGNANCY_PLAUSIBLE_AGE.max)) return [];
    return [
      {
        code: status === 'pregnant' ? 'pregnancy-age-unusual' : 'breastfeeding-age-unusual',
        message: `The patient is recorded as ${status} at an age outside ${PREGNANCY_USUAL_AGE.min}-${PREGNANCY_USUAL_AGE.max}; check the status and the birth date.`,
        path,
      },
    ];
  });
}

import { ageInYearsOn } from './age';
import type { Consultation, Referral } from './consultation';
import type { ConsultationWarning } from './consultation-warning';
import { calendarDateOfInstant } from './instant';
import type { PharmacyFirstPathway } from './pharmacy-first';

export const eligibilityWarningCodes = [
  'pathway-age-ineligible',
  'pathway-sex-ineligible',
  'pathway-sex-unconfirmed',
  'pathway-pregnancy-excluded',
  'referral-required',
] as const;
export type EligibilityWarningCode = (typeof eligibilityWarningCodes)[number];

interface PathwayEligibility {
  label: string;
  minAge: number;
  /** Inclusive: 17 means "until the 18th birthday". */
  maxAge?: number;
  womenOnly?: boolean;
  excludesPregnancy?: boolean;
}

// docs/pharmacy-first.md#clinical-pathways-and-eligibility. Pregnancy is an exclusion for "several pathways" there, but only UTI is named;
// the other pathways' pregnancy criteria (e.g. pregnant under-16s) are left to the pharmacist.
const PATHWAYS: Record<PharmacyFirstPathway, PathwayEligibility> = {
  'acute-sinusitis': { label: 'acute sinusitis', minAge: 12 },
  'sore-throat': { label: 'sore throat', minAge: 5 },
  'acute-otitis-media': { label: 'acute otitis media', minAge: 1, maxAge: 17 },
  'infected-insect-bite': { label: 'infected insect bite', minAge: 1 },
  impetigo: { label: 'impetigo', minAge: 1 },
  shingles: { label: 'shingles', minAge: 18 },
  'uncomplicated-uti': { label: 'uncomplicated UTI', minAge: 16, maxAge: 64, womenOnly: true, excludesPregnancy: true },
};

function ageRange(rule: PathwayEligibility): string {
  return rule.maxAge === undefined ? `aged ${rule.minAge} and over` : `aged ${rule.minAge}-${rule.maxAge}`;
}

function pathwayWarnings(c: Consultation, pathway: PharmacyFirstPathway): ConsultationWarning[] {
  const rule = PATHWAYS[pathway];
  const warnings: ConsultationWarning[] = [];
  const age = ageInYearsOn(c.patient.birthDate, calendarDateOfInstant(c.startedAt));
  if (age < rule.minAge || (rule.maxAge !== undefined && age > rule.maxAge)) {
    warnings.push({
      code: 'pathway-age-ineligible',
      message: `The ${rule.label} pathway is for patients ${ageRange(rule)}; ` + "the patient's age on the consultation date is outside this range.",
      path: 'patient.birthDate',
    });
  }
  if (rule.womenOnly && c.patient.gender === 'male') {
    warnings.push({
      code: 'pathway-sex-ineligible',
      message: `The ${rule.label} pathway is for women; the patient's recorded gender is outside this criterion.`,
      path: 'patient.gender',
    });
  } else if (rule.womenOnly && c.patient.gender !== 'female') {
    // 'other' / 'unknown' may still be eligible; say so rather than guess either way.
    warnings.push({
      code: 'pathway-sex-unconfirmed',
      message: `The ${rule.label} pathway is for women; eligibility could not be confirmed from the recorded gender.`,
      path: 'patient.gender',
    });
  }
  if (rule.excludesPregnancy) {
    const index = c.observations.findIndex((o) => o.kind === 'pregnancy-status' && o.value === 'pregnant');
    if (index >= 0) {
      warnings.push({
        code: 'pathway-pregnancy-excluded',
        message: `Pregnancy is an exclusion for the ${rule.label} pathway.`,
        path: `observations.${index}`,
      });
    }
  }
  return warnings;
}

// docs/pharmacy-first.md#referral-routes: minor illness needs a digital referral (GP, NHS 111, UEC); urgent repeat supply
// is by NHS 111 / UEC referral only (GPs cannot refer). 'other' is not second-guessed.
interface ReferralRule {
  label: string;
  notAccepted: readonly Referral['source'][];
  from: string;
}

const MINOR_ILLNESS_REFERRAL: ReferralRule = {
  label: 'Pharmacy First minor illness',
  notAccepted: ['walk-in'],
  from: 'a GP practice, NHS 111 or urgent care',
};

const URGENT_SUPPLY_REFERRAL: ReferralRule = {
  label: 'urgent medicine supply',
  notAccepted: ['walk-in', 'gp-practice'],
  from: 'NHS 111 or urgent care',
};

function referralWarnings(c: Consultation, rule: ReferralRule): ConsultationWarning[] {
  const source = c.referral?.source;
  if (source !== undefined && !rule.notAccepted.includes(source)) return [];
  return [
    {
      code: 'referral-required',
      message: `The ${rule.label} service needs a referral from ${rule.from}.`,
      path: source === undefined ? 'referral' : 'referral.source',
    },
  ];
}

/** Eligibility findings for a validated consultation. Pure; never rejects. */
export function eligibilityWarnings(consultation: Consultation): ConsultationWarning[] {
  const pf = consultation.pharmacyFirst;
  if (consultation.service === 'urgent-medicine-supply') return referralWarnings(consultation, URGENT_SUPPLY_REFERRAL);
  if (consultation.service !== 'pharmacy-first' || pf === undefined) return [];
  if (pf.element === 'minor-illness') return referralWarnings(consultation, MINOR_ILLNESS_REFERRAL);
  return pf.pathway === undefined ? [] : pathwayWarnings(consultation, pf.pathway);
}

import type { Consultation } from './consultation';
import type { ConsultationWarning } from './consultation-warning';
import { eligibilityWarningCodes, eligibilityWarnings } from './eligibility';
import { medicineWarningCodes, medicineWarnings } from './medicine-plausibility';
import { observationWarningCodes, observationWarnings } from './observation-plausibility';
import { pregnancyWarningCodes, pregnancyWarnings } from './pregnancy-plausibility';

// Every warning a validated consultation can carry: in the 202, on the event, on the dashboard.
// The refusals are schema rules (consultation-rules.ts, observation.ts, medicine.ts, snomed.ts).
// docs/consultation-contract.md#plausibility-rules lists each rule with its source.

export const consultationWarningCodes = [...eligibilityWarningCodes, ...pregnancyWarningCodes, ...observationWarningCodes, ...medicineWarningCodes] as const;
export type ConsultationWarningCode = (typeof consultationWarningCodes)[number];

/** All findings for a validated consultation, in a stable order. Pure; never rejects or changes it. */
export function consultationWarnings(consultation: Consultation): ConsultationWarning[] {
  return [...eligibilityWarnings(consultation), ...pregnancyWarnings(consultation), ...observationWarnings(consultation), ...medicineWarnings(consultation)];
}

/** One line per warning code for people (the dashboard); the 202's own messages say more. */
export const CONSULTATION_WARNING_TITLES: Readonly<Record<ConsultationWarningCode, string>> = {
  'pathway-age-ineligible': "Patient's age is outside the pathway's age range",
  'pathway-sex-ineligible': 'Pathway is for women; patient recorded as male',
  'pathway-sex-unconfirmed': 'Pathway is for women; gender not confirmed',
  'pathway-pregnancy-excluded': 'Pregnancy is an exclusion for the pathway',
  'referral-required': 'Service needs a referral that was not recorded',
  'pregnancy-age-unusual': 'Pregnancy recorded at an unusual age',
  'breastfeeding-age-unusual': 'Breastfeeding recorded at an unusual age',
  'pregnancy-status-for-male': 'Pregnancy status recorded for a male patient',
  'blood-pressure-severe': 'Blood pressure 180/120 or higher (NICE NG136)',
  'blood-pressure-low': 'Systolic blood pressure 90 or lower (NEWS2)',
  'heart-rate-extreme': 'Pulse 40 or lower, or 131 or higher (NEWS2)',
  'temperature-extreme': 'Temperature 35.0 or lower, or 39.1 or higher (NEWS2)',
  'bmi-inconsistent': 'BMI does not match the recorded height and weight',
  'emergency-supply-over-30-days': 'Emergency supply over 30 days (HMR 2012 reg 225)',
  'quantity-not-whole-units': 'Fractional quantity of tablets or capsules',
};

/**
 * What pharmacy staff can record when they mark a worklist item followed up: a fixed choice, so
 * the audit event carries a code and its label and never free text (which could hold patient data).
 */
export const FOLLOW_UP_OUTCOMES = {
  'phoned-practice': 'Phoned the practice',
  'contacted-patient': 'Contacted the patient',
  'resent-as-amendment': 'Corrected and resent as an amendment',
  'practice-confirmed-receipt': 'The practice confirmed they have it',
  'no-action-needed': 'No action needed',
} as const;

export type FollowUpOutcome = keyof typeof FOLLOW_UP_OUTCOMES;

export function isFollowUpOutcome(value: unknown): value is FollowUpOutcome {
  return typeof value === 'string' && Object.hasOwn(FOLLOW_UP_OUTCOMES, value);
}

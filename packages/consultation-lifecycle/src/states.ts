import type { ResendFilter } from '@firstsync/contracts';

/**
 * Where a consultation stands, derived from its pipeline events (never stored, always recomputed).
 * Named after the event that leads there where there is one; these are the names operators see
 * (dashboard filters, counts, CSV). Pharmacies see the coarser `PHARMACY_STATES`.
 */
export const CONSULTATION_STATES = [
  'received', // accepted and durably in Kafka
  'not-shared', // the patient did not consent to sharing with the GP: nothing is sent
  'mapped', // a GP Connect Update Record message was built
  'mapping-failed', // no valid message could be built (mapping dead letter)
  'parked', // waiting: the practice has no usable route right now, or is held
  'sent', // handed to the transport (MESH / FHIR endpoint)
  'awaiting-ack', // the GP system confirmed receipt (ITK3 20013); its business acknowledgement is due
  'retrying', // a delivery attempt failed; another is scheduled
  'needs-fallback', // the structured route failed or was refused; an NHSmail summary is due
  'fallback-sent', // the NHSmail summary was accepted by the mail relay
  'delivered', // the practice accepted it into its workflow (ITK3 30001 / FHIR 2xx)
  'filed', // practice staff filed it into the patient record
  'dead-lettered', // permanent failure or out of retries (delivery dead letter)
] as const;

export type ConsultationState = (typeof CONSULTATION_STATES)[number];

export function isConsultationState(value: string): value is ConsultationState {
  return (CONSULTATION_STATES as readonly string[]).includes(value);
}

/**
 * States an operator may resend from. `retrying` is a failed attempt waiting for its delay tier:
 * an operator who has fixed the cause should not have to wait hours for the next try.
 */
export const RESENDABLE_STATES: readonly ConsultationState[] = ['dead-lettered', 'parked', 'needs-fallback', 'retrying'];

export function isResendable(state: ConsultationState): boolean {
  return RESENDABLE_STATES.includes(state);
}

/** States that count as a delivery problem (practice health). */
export const FAILURE_STATES: readonly ConsultationState[] = ['retrying', 'needs-fallback', 'dead-lettered', 'mapping-failed'];

/** States an operator should look at: the problems, and consultations parked for want of a route. */
export const ATTENTION_STATES: readonly ConsultationState[] = [...FAILURE_STATES, 'parked'];

/** States in which the practice has the consultation. */
export const DELIVERED_STATES: readonly ConsultationState[] = ['delivered', 'filed'];

type ResendFilterState = NonNullable<ResendFilter['states']>[number];

// The resend command's (informational) filter speaks delivery's words: a failed attempt waiting for
// its retry is `failed` there.
const RESEND_FILTER_STATE: Partial<Record<ConsultationState, ResendFilterState>> = {
  'dead-lettered': 'dead-lettered',
  parked: 'parked',
  'needs-fallback': 'needs-fallback',
  retrying: 'failed',
};

/** The resend command filter's name for a state, or undefined when the command filter has none. */
export function resendFilterStateOf(state: ConsultationState): ResendFilterState | undefined {
  return RESEND_FILTER_STATE[state];
}

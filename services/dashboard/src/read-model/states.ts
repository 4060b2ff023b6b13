import type { PipelineEventType } from '@firstsync/contracts';

/** Where a consultation stands, derived from its pipeline events (never stored, always recomputed). */
export const CONSULTATION_STATES = [
  'received',
  'not-shared',
  'mapped',
  'mapping-failed',
  'parked',
  'sent',
  'awaiting-ack',
  'retrying',
  'needs-fallback',
  'fallback-sent',
  'delivered',
  'filed',
  'dead-lettered',
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

/** States that count as a delivery problem for practice health. */
export const FAILURE_STATES: readonly ConsultationState[] = ['retrying', 'needs-fallback', 'dead-lettered', 'mapping-failed'];

export const STATE_LABELS: Record<ConsultationState, string> = {
  received: 'Received',
  'not-shared': 'Not shared',
  mapped: 'Mapped',
  'mapping-failed': 'Mapping failed',
  parked: 'Parked',
  sent: 'Sent',
  'awaiting-ack': 'Awaiting ack',
  retrying: 'Retrying',
  'needs-fallback': 'Needs fallback',
  'fallback-sent': 'Fallback sent',
  delivered: 'Delivered',
  filed: 'Filed',
  'dead-lettered': 'Dead-lettered',
};

/**
 * Tie-break for events stamped with the same instant: the order in which they happen in the
 * pipeline (a send precedes its outcome, a resend request precedes the new send). Operator and
 * audit events come last because they never change a consultation's state.
 */
export const TYPE_PRECEDENCE: Record<PipelineEventType, number> = {
  received: 0,
  'not-shared': 1,
  mapped: 2,
  'mapping-failed': 3,
  parked: 4,
  'resend-requested': 5,
  sent: 6,
  'inf-ack': 7,
  'mesh-report': 8,
  'bus-ack': 9,
  'retry-scheduled': 10,
  'needs-fallback': 11,
  'fallback-sent': 12,
  delivered: 13,
  'dead-lettered': 14,
  filed: 15,
  'practice-held': 16,
  'practice-released': 17,
  'command-rejected': 18,
  revealed: 19,
};

/** Event types that record what an operator did (or asked for): the audit page lists them. */
export const AUDIT_EVENT_TYPES: readonly PipelineEventType[] = ['resend-requested', 'practice-held', 'practice-released', 'command-rejected', 'revealed'];

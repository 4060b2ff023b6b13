import type { PipelineEvent } from '@firstsync/contracts';
import { isOperatorEvent } from './event-order';
import { foldLifecycle, type Lifecycle, type LifecycleEvent } from './lifecycle';
import type { ConsultationState } from './states';

/**
 * What a pharmacy sees as the delivery state of its consultation (`GET /v1/consultations/{id}`,
 * contracts/openapi.json): the lifecycle in the pharmacy's words, with both failures as one and a
 * pending resend request shown as a state of its own.
 */
export const PHARMACY_STATES = [
  'received', // accepted and durably in Kafka
  'not-shared', // the patient did not consent to sharing with the GP: nothing is sent
  'mapped', // a GP Connect Update Record message was built
  'parked', // waiting: the practice has no usable route right now, or is held
  'sent', // handed to the transport (MESH / FHIR endpoint)
  'retrying', // a delivery attempt failed; another is scheduled
  'acknowledged', // the practice's GP system confirmed it received the message (ITK3 20013)
  'delivered', // the practice accepted it into its workflow (ITK3 30001 / FHIR 2xx)
  'filed', // practice staff filed it into the patient record
  'fallback-pending', // the structured route failed; an NHSmail summary is due
  'fallback-sent', // the NHSmail summary was accepted by the mail relay
  'resend-requested', // an operator asked for a resend
  'failed', // could not be mapped or delivered; operators are on it (dead letter)
] as const;

export type PharmacyState = (typeof PHARMACY_STATES)[number];

const PHARMACY_STATE: Record<ConsultationState, PharmacyState> = {
  received: 'received',
  'not-shared': 'not-shared',
  mapped: 'mapped',
  'mapping-failed': 'failed',
  parked: 'parked',
  sent: 'sent',
  'awaiting-ack': 'acknowledged',
  retrying: 'retrying',
  'needs-fallback': 'fallback-pending',
  'fallback-sent': 'fallback-sent',
  delivered: 'delivered',
  filed: 'filed',
  'dead-lettered': 'failed',
};

export function pharmacyStateOf(lifecycle: Pick<Lifecycle, 'state' | 'resendRequested'>): PharmacyState {
  return lifecycle.resendRequested ? 'resend-requested' : PHARMACY_STATE[lifecycle.state];
}

/**
 * Events a pharmacy does not see: operator audit records and practice-wide commands. A resend
 * request is shown: it changes the pharmacy's status.
 */
export function isVisibleToPharmacy(event: Pick<PipelineEvent, 'type'>): boolean {
  return event.type === 'resend-requested' || !isOperatorEvent(event);
}

export interface PharmacyStatus {
  readonly state: PharmacyState;
  readonly version: number;
  /** When the current state was reached. */
  readonly since: string;
}

/** A consultation's status as its pharmacy sees it, from its events in topic order. */
export function pharmacyStatus(events: readonly LifecycleEvent[]): PharmacyStatus | undefined {
  const lifecycle = foldLifecycle(events.filter(isVisibleToPharmacy));
  return lifecycle && { state: pharmacyStateOf(lifecycle), version: lifecycle.version, since: lifecycle.since };
}

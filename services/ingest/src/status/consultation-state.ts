import type { PipelineEvent, PipelineEventType } from '@firstsync/contracts';

/** What a pharmacy sees as the delivery state of its consultation. */
export const CONSULTATION_STATES = [
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
export type ConsultationState = (typeof CONSULTATION_STATES)[number];

const INFRASTRUCTURE_ACK_OK = '20013';
const BUSINESS_ACK_OK = '30001';

/** The state an event moves the consultation to, or undefined when it only adds to the timeline. */
export function stateAfter(event: Pick<PipelineEvent, 'type' | 'code'>): ConsultationState | undefined {
  const byType: Partial<Record<PipelineEventType, ConsultationState>> = {
    received: 'received',
    'not-shared': 'not-shared',
    mapped: 'mapped',
    'mapping-failed': 'failed',
    parked: 'parked',
    sent: 'sent',
    delivered: 'delivered',
    'retry-scheduled': 'retrying',
    'needs-fallback': 'fallback-pending',
    'fallback-sent': 'fallback-sent',
    filed: 'filed',
    'dead-lettered': 'failed',
    'resend-requested': 'resend-requested',
  };
  // Negative acknowledgements do not decide the state: delivery follows them with a retry,
  // fallback or dead letter event that does.
  if (event.type === 'inf-ack') return event.code === INFRASTRUCTURE_ACK_OK ? 'acknowledged' : undefined;
  if (event.type === 'bus-ack') return event.code === BUSINESS_ACK_OK ? 'delivered' : undefined;
  return byType[event.type];
}

// MESH acknowledgements can arrive out of order (the business ack before the infrastructure ack),
// and the GP simulator may report filing before the ack is processed: never step back along the
// success path.
const SUCCESS_RANK: Partial<Record<ConsultationState, number>> = { sent: 1, acknowledged: 2, delivered: 3, filed: 4 };

/** Events a pharmacy does not see: operator audit records and practice-wide commands. */
const INTERNAL_TYPES: ReadonlySet<PipelineEventType> = new Set(['revealed', 'command-rejected', 'practice-held', 'practice-released']);

export function isVisibleToPharmacy(event: Pick<PipelineEvent, 'type'>): boolean {
  return !INTERNAL_TYPES.has(event.type);
}

export interface DerivedStatus {
  readonly state: ConsultationState;
  readonly version: number;
  /** When the current state was reached. */
  readonly since: string;
}

/**
 * Folds a consultation's events (in topic order) into its current state. A higher version starts
 * a new lifecycle (an amendment is a replacement message); events of an older version stay in the
 * timeline but no longer move the state. Events without a version apply to the current one.
 */
export function deriveStatus(events: readonly Pick<PipelineEvent, 'type' | 'code' | 'version' | 'at'>[]): DerivedStatus | undefined {
  let status: DerivedStatus | undefined;
  for (const event of events) {
    const next = stateAfter(event);
    const version = event.version ?? status?.version ?? 1;
    if (status && version < status.version) continue;
    if (next === undefined) continue;
    if (status && version === status.version) {
      const currentRank = SUCCESS_RANK[status.state];
      const nextRank = SUCCESS_RANK[next];
      if (currentRank !== undefined && nextRank !== undefined && nextRank < currentRank) continue;
    }
    status = { state: next, version, since: event.at };
  }
  return status;
}

import type { PipelineEvent, PipelineEventType, Transport } from '@firstsync/contracts';
import type { ConsultationState } from './states';

/** What the dashboard knows about one consultation: a pure function of its (sorted) events. */
export interface ConsultationView {
  consultationId: string;
  state: ConsultationState;
  version?: number;
  correlationId?: string;
  pharmacyOds?: string;
  practiceOds?: string;
  service?: string;
  receivedAt?: string;
  firstEventAt: string;
  lastEventAt: string;
  deliveredAt?: string;
  /** received -> first delivered, in ms. */
  latencyMs?: number;
  /** Number of `sent` events: each one is a delivery attempt on some transport. */
  attempts: number;
  lastTransport?: Transport;
  lastCode?: string;
  lastMessage?: string;
  /** An operator asked for a resend and delivery has not acted on it yet. */
  resendRequested: boolean;
  eventCount: number;
}

/** The state each event type moves a consultation to; null = informational, state unchanged. */
const STATE_AFTER: Record<PipelineEventType, ConsultationState | null> = {
  received: 'received',
  'not-shared': 'not-shared',
  mapped: 'mapped',
  'mapping-failed': 'mapping-failed',
  parked: 'parked',
  sent: 'sent',
  delivered: 'delivered',
  'inf-ack': null, // positive infrastructure acks are handled below
  'bus-ack': null, // positive business acks are handled below
  'mesh-report': null, // delivery decides what a report means and says so with its next event
  'retry-scheduled': 'retrying',
  'needs-fallback': 'needs-fallback',
  'fallback-sent': 'fallback-sent',
  filed: 'filed',
  'dead-lettered': 'dead-lettered',
  'resend-requested': null,
  'practice-held': null,
  'practice-released': null,
  'command-rejected': null,
  revealed: null,
};

// ITK3 response codes (domain.md section 1): 20013 = technically received, 30001 = business ack.
const INF_ACK_OK = '20013';
const BUS_ACK_OK = '30001';

/** Events by which delivery shows it has acted on a resend request (or given up on it). */
const ENDS_RESEND_REQUEST = new Set<PipelineEventType>([
  'sent',
  'parked',
  'retry-scheduled',
  'needs-fallback',
  'fallback-sent',
  'delivered',
  'dead-lettered',
  'command-rejected',
]);

function nextState(current: ConsultationState | undefined, event: PipelineEvent): ConsultationState | undefined {
  if (event.type === 'inf-ack') return event.code === INF_ACK_OK && current === 'sent' ? 'awaiting-ack' : current;
  if (event.type === 'bus-ack') return event.code === BUS_ACK_OK ? 'delivered' : current;
  return STATE_AFTER[event.type] ?? current;
}

/**
 * Folds a consultation's events, already in `compareEvents` order, into its view. Pure: the same
 * events give the same view whatever order they arrived in.
 */
export function deriveConsultation(consultationId: string, sorted: readonly PipelineEvent[]): ConsultationView | undefined {
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return undefined;
  let state: ConsultationState | undefined;
  const view: Omit<ConsultationView, 'state'> = {
    consultationId,
    firstEventAt: first.at,
    lastEventAt: last.at,
    attempts: 0,
    resendRequested: false,
    eventCount: sorted.length,
  };
  for (const event of sorted) {
    state = nextState(state, event);
    if (event.version !== undefined) view.version = event.version;
    if (event.correlationId !== undefined) view.correlationId ??= event.correlationId;
    if (event.pharmacyOds !== undefined) view.pharmacyOds = event.pharmacyOds;
    if (event.practiceOds !== undefined) view.practiceOds = event.practiceOds;
    if (event.service !== undefined) view.service = event.service;
    if (event.type === 'received') view.receivedAt ??= event.at;
    if ((event.type === 'delivered' || (event.type === 'bus-ack' && event.code === BUS_ACK_OK)) && view.deliveredAt === undefined) view.deliveredAt = event.at;
    if (event.type === 'sent') view.attempts += 1;
    if (event.transport !== undefined) view.lastTransport = event.transport;
    if (event.source !== 'dashboard' && (event.code !== undefined || event.message !== undefined)) {
      view.lastCode = event.code;
      view.lastMessage = event.message;
    }
    if (event.type === 'resend-requested') view.resendRequested = true;
    else if (ENDS_RESEND_REQUEST.has(event.type)) view.resendRequested = false;
  }
  if (view.receivedAt !== undefined && view.deliveredAt !== undefined) {
    view.latencyMs = Math.max(0, Date.parse(view.deliveredAt) - Date.parse(view.receivedAt));
  }
  // A consultation known only from operator events (e.g. a resend request that arrived before the
  // events of the stages) is shown as received: it exists, and nothing more is known yet.
  return { ...view, state: state ?? 'received' };
}

import { advance, type ConsultationState, confirmsDelivery, type Lifecycle } from '@firstsync/consultation-lifecycle';
import type { PipelineEvent, Transport } from '@firstsync/contracts';

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
  /** Warning codes ingest returned in the 202 for the latest received version (eligibility, plausibility). */
  warningCodes?: string[];
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

/** `details.warningCodes` is a comma-separated list (event details hold scalars only). */
function warningCodesOf(event: PipelineEvent): string[] {
  const codes = event.details?.warningCodes;
  return typeof codes === 'string' && codes !== '' ? codes.split(',') : [];
}

/**
 * Folds a consultation's events, already in `compareEvents` order, into its view. Pure: the same
 * events give the same view whatever order they arrived in.
 */
export function deriveConsultation(consultationId: string, sorted: readonly PipelineEvent[]): ConsultationView | undefined {
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return undefined;
  let lifecycle: Lifecycle | undefined;
  const view: Omit<ConsultationView, 'state'> = {
    consultationId,
    firstEventAt: first.at,
    lastEventAt: last.at,
    attempts: 0,
    resendRequested: false,
    eventCount: sorted.length,
  };
  for (const event of sorted) {
    lifecycle = advance(lifecycle, event);
    if (event.version !== undefined) view.version = event.version;
    if (event.correlationId !== undefined) view.correlationId ??= event.correlationId;
    if (event.pharmacyOds !== undefined) view.pharmacyOds = event.pharmacyOds;
    if (event.practiceOds !== undefined) view.practiceOds = event.practiceOds;
    if (event.service !== undefined) view.service = event.service;
    if (event.type === 'received') {
      view.receivedAt ??= event.at;
      // Each version is checked afresh, so the latest received event's codes are the current ones.
      view.warningCodes = warningCodesOf(event);
    }
    if (confirmsDelivery(event) && view.deliveredAt === undefined) view.deliveredAt = event.at;
    if (event.type === 'sent') view.attempts += 1;
    if (event.transport !== undefined) view.lastTransport = event.transport;
    if (event.source !== 'dashboard' && (event.code !== undefined || event.message !== undefined)) {
      view.lastCode = event.code;
      view.lastMessage = event.message;
    }
  }
  view.resendRequested = lifecycle?.resendRequested ?? false;
  if (view.receivedAt !== undefined && view.deliveredAt !== undefined) {
    view.latencyMs = Math.max(0, Date.parse(view.deliveredAt) - Date.parse(view.receivedAt));
  }
  // A consultation known only from operator events (e.g. a resend request that arrived before the
  // events of the stages) is shown as received: it exists, and nothing more is known yet.
  return { ...view, state: lifecycle?.state ?? 'received' };
}

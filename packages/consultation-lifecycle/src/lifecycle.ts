import type { PipelineEvent, PipelineEventType } from '@firstsync/contracts';
import { ITK_RESPONSE } from './itk-response-codes';
import type { ConsultationState } from './states';

/** A consultation's place in its lifecycle, folded from its pipeline events. */
export interface Lifecycle {
  readonly state: ConsultationState;
  /** The message version the state belongs to: a higher version is a replacement and starts over. */
  readonly version: number;
  /** When the state (or the pending resend request) was reached. */
  readonly since: string;
  /** An operator asked for a resend and delivery has not acted on it yet. */
  readonly resendRequested: boolean;
}

/** The part of a pipeline event the lifecycle reads. */
export type LifecycleEvent = Pick<PipelineEvent, 'type' | 'code' | 'version' | 'at'>;

/**
 * The state each event type leads to; null when the type alone does not decide: acknowledgements
 * depend on their code, a MESH report is followed by delivery's own verdict event, operator events
 * never move the state (a resend request is tracked beside it).
 */
const LEADS_TO: Record<PipelineEventType, ConsultationState | null> = {
  received: 'received',
  'not-shared': 'not-shared',
  mapped: 'mapped',
  'mapping-failed': 'mapping-failed',
  parked: 'parked',
  // A decision about the route, not an outcome: the send, fallback or park that follows moves the state.
  'route-decided': null,
  sent: 'sent',
  delivered: 'delivered',
  'inf-ack': null,
  'bus-ack': null,
  'mesh-report': null,
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
  'followed-up': null,
  exported: null,
};

/**
 * The state an event leads to from `current`, or undefined when it leaves the state as it is.
 * Negative acknowledgements never decide: delivery follows them with the retry, fallback or dead
 * letter event that does. A positive infrastructure acknowledgement only matters for a message
 * still waiting for one; a late one (after a fallback, say) changes nothing.
 */
function leadsTo(current: ConsultationState | undefined, event: LifecycleEvent): ConsultationState | undefined {
  if (event.type === 'inf-ack') return event.code === ITK_RESPONSE.success.code && current === 'sent' ? 'awaiting-ack' : undefined;
  if (event.type === 'bus-ack') return event.code === ITK_RESPONSE.patientKnown.code ? 'delivered' : undefined;
  return LEADS_TO[event.type] ?? undefined;
}

// MESH acknowledgements can arrive out of order (the business ack before the infrastructure ack),
// and the GP side may report filing before delivery has processed the ack: never step back along
// the success path.
const SUCCESS_RANK: Partial<Record<ConsultationState, number>> = { sent: 1, 'awaiting-ack': 2, delivered: 3, filed: 4 };

function stepsBack(from: ConsultationState, to: ConsultationState): boolean {
  const fromRank = SUCCESS_RANK[from];
  const toRank = SUCCESS_RANK[to];
  return fromRank !== undefined && toRank !== undefined && toRank < fromRank;
}

/**
 * The lifecycle after one more event (the pure transition function). Events of an older version
 * than the current one no longer move anything; events without a version belong to the current
 * one. A pending resend request lets the next state-changing event through even backwards along
 * the success path (a resend is a new attempt), and ends with it, or with delivery rejecting the
 * command.
 */
export function advance(current: Lifecycle | undefined, event: LifecycleEvent): Lifecycle | undefined {
  const version = event.version ?? current?.version ?? 1;
  if (current !== undefined && version < current.version) return current;
  const sameVersion = current !== undefined && version === current.version ? current : undefined;
  if (event.type === 'resend-requested') {
    // Known only from the request so far: it exists, nothing more.
    return { state: sameVersion?.state ?? 'received', version, since: event.at, resendRequested: true };
  }
  const next = leadsTo(sameVersion?.state, event);
  if (next === undefined) {
    if (event.type === 'command-rejected' && sameVersion?.resendRequested) return { ...sameVersion, since: event.at, resendRequested: false };
    return current;
  }
  if (sameVersion !== undefined && !sameVersion.resendRequested && stepsBack(sameVersion.state, next)) return current;
  return { state: next, version, since: event.at, resendRequested: false };
}

/** Folds a consultation's events, in the order the reader trusts, into its lifecycle. */
export function foldLifecycle(events: Iterable<LifecycleEvent>): Lifecycle | undefined {
  let lifecycle: Lifecycle | undefined;
  for (const event of events) lifecycle = advance(lifecycle, event);
  return lifecycle;
}

/** The event by which the practice confirmed it has the consultation (FHIR 2xx, or ITK3 30001). */
export function confirmsDelivery(event: Pick<PipelineEvent, 'type' | 'code'>): boolean {
  return event.type === 'delivered' || (event.type === 'bus-ack' && event.code === ITK_RESPONSE.patientKnown.code);
}

import { advance, type ConsultationState, ITK_RESPONSE, isOperatorEvent } from '@firstsync/consultation-lifecycle';
import { type DeliveryFact, type DeliveryPart, type DeliveryRoute, type PipelineEvent, pharmacyEventCodeSchema } from '@firstsync/contracts';

const safeCode = (code: unknown): string | null => (typeof code === 'string' && pharmacyEventCodeSchema.safeParse(code).success ? code : null);

const PENDING = { result: 'pending', route: null, filedAt: null } as const;

/** The refusals that have a result of their own; any other reason for a fallback leaves it pending until the mail goes. */
function fallbackDue(code: string | null): Pick<DeliveryFact, 'result' | 'route' | 'filedAt'> {
  if (code === ITK_RESPONSE.recipientNotSupported.code) return { result: 'switched-off', route: null, filedAt: null };
  if (code === ITK_RESPONSE.patientNotKnown.code || code === ITK_RESPONSE.patientLeft.code) return { result: 'rejected', route: null, filedAt: null };
  return PENDING;
}

/** Filing is reported to the minute: enough for a median in hours, too coarse to match an event's instant. */
function toMinute(at: string): string {
  return `${new Date(Date.parse(at)).toISOString().slice(0, 16)}:00Z`;
}

function filedRoute(event: PipelineEvent): DeliveryRoute {
  return event.transport === 'fhir-rest' ? 'fhir-rest' : 'itk3-mesh';
}

/**
 * The delivery result the state an event leads to on its own means (the lifecycle's transition
 * from nothing: `advance(undefined, event)`). Undefined: the state says nothing new about the result.
 * `filed` (GP staff filed it) is reported by the simulator alone: real GP systems never tell the
 * sender, so 30001 / FHIR 2xx (`delivered`) is the filing the facts count.
 */
const RESULT_OF: Record<ConsultationState, ((event: PipelineEvent, code: string | null) => Omit<DeliveryFact, 'code'>) | undefined> = {
  received: () => PENDING,
  'not-shared': () => ({ result: 'not-shared', route: null, filedAt: null }),
  mapped: () => PENDING,
  'mapping-failed': () => ({ result: 'failed', route: null, filedAt: null }),
  // Parked by the NHSmail fallback (no address, or the relay refused it for good): nothing reached
  // the practice and an operator must act. Parked on the structured route is waiting.
  parked: (event) => (event.transport === 'nhsmail' ? { result: 'failed', route: null, filedAt: null } : PENDING),
  sent: () => PENDING,
  'awaiting-ack': () => PENDING,
  retrying: () => PENDING,
  'needs-fallback': (_event, code) => fallbackDue(code),
  'fallback-sent': () => ({ result: 'fallback-email', route: 'nhsmail', filedAt: null }),
  delivered: (event) => ({ result: 'filed', route: filedRoute(event), filedAt: toMinute(event.at) }),
  filed: undefined,
  'dead-lettered': () => ({ result: 'failed', route: null, filedAt: null }),
};

/**
 * The delivery part one pipeline event yields (pipeline.events.v1 -> outcomes.facts.v1), or null
 * when the event says nothing about the delivery result: operator and practice-wide events, events
 * without a consultation or version, acknowledgements that do not decide (delivery's verdict event
 * follows them). Stateless: the result follows from the event alone, and the latest part of a
 * version wins (compaction keeps it), as the events of one consultation arrive in order on their
 * partition. `code` says why: for a fallback e-mail the refusal that led to it (details.cause).
 */
export function deliveryPartOf(event: PipelineEvent, factKey: string): DeliveryPart | null {
  if (event.consultationId === undefined || event.version === undefined || isOperatorEvent(event)) return null;
  const state = advance(undefined, event)?.state;
  const derive = state === undefined ? undefined : RESULT_OF[state];
  if (!derive) return null;
  const code = safeCode(event.type === 'fallback-sent' ? event.details?.cause : event.code);
  return { part: 'delivery', factKey, version: event.version, ...derive(event, code), code };
}

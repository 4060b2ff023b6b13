import { type ConsultationState, ITK_RESPONSE_CODES, itkCodeMeaning, pharmacyStateOf } from '@firstsync/consultation-lifecycle';
import {
  isGpPracticeOdsCode,
  isPharmacyOdsCode,
  type PharmacyEvent,
  type PharmacyEventData,
  type PharmacyEventType,
  type PipelineEvent,
  pharmacyEventCodeSchema,
} from '@firstsync/contracts';
import { pharmacyEventId } from './event-id';
import { fallbackReason, REASON, reasonOfCode } from './reasons';

/** Why the structured route gave up on a consultation version, so its `fallback-sent` can say so. */
export interface FallbackCause {
  readonly code?: string;
  readonly reason: string;
}

/**
 * What the projection cannot know from one pipeline event. Delivery's `fallback-sent` carries the
 * mail relay's answer, not why the fallback was needed; that is on the `needs-fallback` event (or
 * the negative acknowledgement) before it, on the same partition of pipeline.events.v1.
 */
export interface ProjectionContext {
  readonly fallbackCause?: FallbackCause;
  /** The consultation's current version, for events that carry none. */
  readonly version?: number;
}

const safeCode = (code: string | undefined): string | undefined => (code !== undefined && pharmacyEventCodeSchema.safeParse(code).success ? code : undefined);

// Outcomes delivery reaches from an acknowledgement are projected from the acknowledgement event,
// which carries the pharmacy (delivery's own verdict event after it does not); skipping the verdict
// keeps one pharmacy event per fact if it ever does.
const fromAcknowledgement = (event: PipelineEvent): boolean => event.details?.acknowledged === true;

/** A negative ITK3 acknowledgement or MESH report gives the reason a fallback follows; undefined for anything else. */
export function fallbackCauseOf(event: PipelineEvent): FallbackCause | undefined {
  const code = safeCode(event.code);
  if (event.type === 'needs-fallback') {
    // Delivery's own retries give up (whatever the last failure) when another try would leave no
    // time for the fallback before the notification deadline; an acknowledgement's code says why.
    if (!fromAcknowledgement(event) && typeof event.details?.deadline === 'string') return { code, reason: REASON.deadline };
    return { code, reason: reasonOfCode(code) ?? REASON.structuredRouteFailed };
  }
  if ((event.type === 'inf-ack' || event.type === 'bus-ack') && event.code !== undefined) {
    if (itkCodeMeaning(event.code, isPositive(event)).verdict !== 'needs-fallback') return undefined;
    return { code, reason: reasonOfCode(code) ?? REASON.unknownRejection };
  }
  if (event.type === 'mesh-report') return { code, reason: reasonOfCode(code) ?? REASON.meshUndelivered };
  return undefined;
}

function isPositive(event: PipelineEvent): boolean {
  const positive = event.details?.positive;
  if (typeof positive === 'boolean') return positive;
  return event.code !== undefined && (ITK_RESPONSE_CODES.get(event.code)?.positive ?? false);
}

type Output = { readonly type: PharmacyEventType; readonly state: ConsultationState } & Pick<
  PharmacyEventData,
  'code' | 'reason' | 'transport' | 'replacesVersion'
>;

function outputsOf(event: PipelineEvent, version: number, context: ProjectionContext): Output[] {
  const code = safeCode(event.code);
  switch (event.type) {
    case 'received': {
      const accepted: Output = { type: 'consultation.accepted', state: 'received', reason: REASON.accepted };
      if (version <= 1) return [accepted];
      return [accepted, { type: 'consultation.replaced', state: 'received', reason: REASON.replaced, replacesVersion: version - 1 }];
    }
    case 'delivered':
      return fromAcknowledgement(event) ? [] : [{ type: 'consultation.delivered', state: 'delivered', code, reason: REASON.delivered }];
    case 'inf-ack':
    case 'bus-ack':
      return acknowledgementOutputs(event);
    case 'fallback-sent': {
      // The remembered context is the most precise (it tells a missed deadline from a refusal); after
      // a restart it is gone, and the code delivery carries on the event itself (details.cause) says why.
      const carried = typeof event.details?.cause === 'string' ? safeCode(event.details.cause) : undefined;
      const cause =
        context.fallbackCause ?? (carried === undefined ? undefined : { code: carried, reason: reasonOfCode(carried) ?? REASON.structuredRouteFailed });
      return [{ type: 'consultation.fallback-sent', state: 'fallback-sent', code: cause?.code, reason: fallbackReason(cause?.reason), transport: 'nhsmail' }];
    }
    case 'dead-lettered':
      return fromAcknowledgement(event) ? [] : [{ type: 'consultation.needs-attention', state: 'dead-lettered', code, reason: REASON.deadLettered }];
    case 'mapping-failed':
      return [{ type: 'consultation.needs-attention', state: 'mapping-failed', code, reason: REASON.mappingFailed }];
    case 'parked':
      // Parked on the structured route is waiting (a held practice, a route not set up yet); parked
      // by the NHSmail fallback means nothing reached the practice and an operator must act.
      return event.transport === 'nhsmail' ? [{ type: 'consultation.needs-attention', state: 'parked', code, reason: REASON.fallbackFailed }] : [];
    default:
      return [];
  }
}

function acknowledgementOutputs(event: PipelineEvent): Output[] {
  if (event.code === undefined) return [];
  const code = safeCode(event.code);
  const meaning = itkCodeMeaning(event.code, isPositive(event));
  const reason = reasonOfCode(code) ?? meaning.meaning;
  if (meaning.verdict === 'delivered') return [{ type: 'consultation.delivered', state: 'delivered', code, reason }];
  if (meaning.verdict === 'permanent') return [{ type: 'consultation.needs-attention', state: 'dead-lettered', code, reason }];
  // A negative business acknowledgement (30002 patient not known, 30003 patient left) is the GP
  // system refusing it; delivery sends the NHSmail summary next, hence the fallback-pending state.
  if (event.type === 'bus-ack' && meaning.verdict === 'needs-fallback') {
    return [{ type: 'consultation.rejected', state: 'needs-fallback', code, reason: reasonOfCode(code) ?? REASON.unknownRejection }];
  }
  return [];
}

/**
 * The pharmacy events one pipeline event yields (pipeline.events.v1 -> pharmacy.events.v1), most
 * often none. Events without a consultation or a pharmacy (practice-wide and operator events, or
 * delivery's verdicts after an acknowledgement) yield none. Only ids, codes, states, times and
 * firstsync's own texts are copied: nothing a GP system or relay wrote.
 */
export function toPharmacyEvents(event: PipelineEvent, context: ProjectionContext = {}): PharmacyEvent[] {
  const { consultationId, pharmacyOds } = event;
  if (consultationId === undefined || pharmacyOds === undefined || !isPharmacyOdsCode(pharmacyOds)) return [];
  const version = event.version ?? context.version ?? 1;
  const practiceOds = event.practiceOds !== undefined && isGpPracticeOdsCode(event.practiceOds) ? event.practiceOds : undefined;
  return outputsOf(event, version, context).map(({ type, state, ...facts }) => ({
    eventId: pharmacyEventId(event.eventId, type),
    type,
    timestamp: event.at,
    data: definedOnly(
      { consultationId, version, pharmacyOds, state: pharmacyStateOf({ state, resendRequested: false }) },
      { practiceOds, code: facts.code, reason: facts.reason, transport: facts.transport ?? event.transport, replacesVersion: facts.replacesVersion },
    ),
  }));
}

type RequiredData = Pick<PharmacyEventData, 'consultationId' | 'version' | 'pharmacyOds' | 'state'>;
type OptionalData = { [K in Exclude<keyof PharmacyEventData, keyof RequiredData>]: PharmacyEventData[K] | undefined };

// Optional members are left out rather than set to undefined, so the JSON is the same however it
// was made and a strict parse of it round-trips.
function definedOnly(required: RequiredData, optional: OptionalData): PharmacyEventData {
  const out: PharmacyEventData = { ...required };
  if (optional.practiceOds !== undefined) out.practiceOds = optional.practiceOds;
  if (optional.code !== undefined) out.code = optional.code;
  if (optional.reason !== undefined) out.reason = optional.reason;
  if (optional.transport !== undefined) out.transport = optional.transport;
  if (optional.replacesVersion !== undefined) out.replacesVersion = optional.replacesVersion;
  return out;
}

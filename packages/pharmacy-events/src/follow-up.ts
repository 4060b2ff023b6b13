import { ITK_RESPONSE } from '@firstsync/consultation-lifecycle';
import type { PharmacyEvent, PipelineEvent } from '@firstsync/contracts';
import { createPharmacyProjector } from './projector';

/** Why a consultation is on the pharmacy's follow-up worklist, most pressing first. */
export const FOLLOW_UP_REASONS = ['patient-not-registered', 'rejected', 'needs-attention', 'fallback-sent'] as const;
export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number];

/** What pharmacy staff should do, per reason. */
export const FOLLOW_UP_ACTIONS: Readonly<Record<FollowUpReason, string>> = {
  'patient-not-registered':
    "The practice says the patient is no longer registered there (ITK3 30003). Check the patient's registered GP practice with the patient, correct it and resend the consultation as an amendment.",
  rejected:
    "The practice's GP system refused the consultation (e.g. ITK3 30002: patient not known there). Phone the practice to find out why; if the consultation needs correcting, resend it as an amendment.",
  'needs-attention':
    'firstsync could not deliver the consultation and its operators are looking into it. If the practice needs it soon, phone the practice and tell them about the consultation.',
  'fallback-sent':
    "The practice was sent an NHSmail summary instead of a structured record. Phone the practice to make sure they have it and will add it to the patient's record.",
};

export interface FollowUp {
  readonly consultationId: string;
  readonly version: number;
  readonly reason: FollowUpReason;
  readonly action: string;
  readonly code?: string;
  /** The pharmacy event's own explanation. */
  readonly detail?: string;
  /** The pharmacy event that put it on the worklist, and when it happened. */
  readonly eventId: string;
  readonly since: string;
}

function reasonOf(event: PharmacyEvent): FollowUpReason | undefined {
  switch (event.type) {
    case 'consultation.rejected':
      return event.data.code === ITK_RESPONSE.patientLeft.code ? 'patient-not-registered' : 'rejected';
    case 'consultation.needs-attention':
      return 'needs-attention';
    case 'consultation.fallback-sent':
      return 'fallback-sent';
    default:
      return undefined;
  }
}

const rank = (reason: FollowUpReason): number => FOLLOW_UP_REASONS.indexOf(reason);

/**
 * Whether one consultation needs a human, from its pharmacy events in feed order: the most pressing
 * problem of its latest version since it was last delivered (a late 30001 or a successful resend
 * clears the earlier problems; an amendment starts over). A rejection outranks the NHSmail summary
 * that follows it: the summary does not fix a wrong practice.
 */
export function followUpOf(events: readonly PharmacyEvent[]): FollowUp | undefined {
  const latest = Math.max(0, ...events.map((e) => e.data.version));
  let pick: { readonly event: PharmacyEvent; readonly reason: FollowUpReason } | undefined;
  for (const event of events) {
    if (event.data.version !== latest) continue;
    if (event.type === 'consultation.delivered') {
      pick = undefined;
      continue;
    }
    const reason = reasonOf(event);
    if (reason !== undefined && (pick === undefined || rank(reason) < rank(pick.reason))) pick = { event, reason };
  }
  if (pick === undefined) return undefined;
  const { event, reason } = pick;
  return {
    consultationId: event.data.consultationId,
    version: event.data.version,
    reason,
    action: FOLLOW_UP_ACTIONS[reason],
    ...(event.data.code === undefined ? {} : { code: event.data.code }),
    ...(event.data.reason === undefined ? {} : { detail: event.data.reason }),
    eventId: event.eventId,
    since: event.timestamp,
  };
}

/** The same, from the consultation's pipeline events in topic order (as the dashboard holds them). */
export function followUpOfPipeline(events: readonly PipelineEvent[]): FollowUp | undefined {
  const projector = createPharmacyProjector({ maxConsultations: 1 });
  return followUpOf(events.flatMap((event) => projector.project(event)));
}

import { itkCodeMeaning, meshReportMeaning } from '@firstsync/consultation-lifecycle';

/** Where one sent message stands between the MESH upload and its final acknowledgement. */
export type AckPhase = 'awaiting-inf-ack' | 'awaiting-bus-ack' | 'done';

export interface AckTracking {
  readonly phase: AckPhase;
  readonly sentAt: Date;
  readonly infAckAt: Date | null;
  /** Earlier sends of this consultation version that timed out without an infrastructure ack. */
  readonly resends: number;
  readonly doneAt: Date | null;
}

export interface AckTimeouts {
  /** Sent, no infrastructure ack (20013 or negative) within this: resend, then fallback. */
  readonly infAckTimeoutMs: number;
  /** 20013 received, no business ack within this: fallback (a resend would only earn a 20007). */
  readonly busAckTimeoutMs: number;
  /** Resends after an infrastructure-ack timeout before giving up to the fallback. */
  readonly maxResends: number;
}

export type AckEvent =
  | { readonly kind: 'itk'; readonly level: 'infrastructure' | 'business'; readonly code: string; readonly positive: boolean; readonly at: Date }
  | { readonly kind: 'report'; readonly statusCode: string | null; readonly success: boolean; readonly at: Date }
  | { readonly kind: 'tick'; readonly now: Date };

/** A transition worth a pipeline event (inf-ack, bus-ack, mesh-report). */
export interface AckProgress {
  readonly type: 'inf-ack' | 'bus-ack' | 'mesh-report';
  readonly code: string;
  readonly message: string;
  readonly positive: boolean;
}

export interface AckFinal {
  readonly outcome: 'delivered' | 'retryable' | 'permanent' | 'needs-fallback';
  readonly code: string;
  readonly message: string;
}

export interface AckStep {
  readonly tracking: AckTracking;
  readonly progress: AckProgress | null;
  /** Set when this event decides the message: hand it to the engine. */
  readonly final: AckFinal | null;
}

export function sentTracking(sentAt: Date, resends = 0): AckTracking {
  return { phase: 'awaiting-inf-ack', sentAt, infAckAt: null, resends, doneAt: null };
}

function done(tracking: AckTracking, at: Date, progress: AckProgress | null, final: AckFinal): AckStep {
  return { tracking: { ...tracking, phase: 'done', doneAt: at }, progress, final };
}

function timeout(tracking: AckTracking, now: Date, policy: AckTimeouts): AckStep {
  const unchanged = { tracking, progress: null, final: null };
  if (tracking.phase === 'awaiting-inf-ack' && now.getTime() - tracking.sentAt.getTime() >= policy.infAckTimeoutMs) {
    const minutes = Math.round(policy.infAckTimeoutMs / 60_000);
    if (tracking.resends < policy.maxResends) {
      // Same identifiers on the resend: a GP system that did get the first copy answers 20007.
      return done(tracking, now, null, {
        outcome: 'retryable',
        code: 'inf-ack-timeout',
        message: `no infrastructure acknowledgement within ${minutes} min; resending (resend ${tracking.resends + 1} of ${policy.maxResends})`,
      });
    }
    return done(tracking, now, null, {
      outcome: 'needs-fallback',
      code: 'inf-ack-timeout',
      message: `no infrastructure acknowledgement within ${minutes} min after ${tracking.resends} resend(s)`,
    });
  }
  if (tracking.phase === 'awaiting-bus-ack' && tracking.infAckAt && now.getTime() - tracking.infAckAt.getTime() >= policy.busAckTimeoutMs) {
    const minutes = Math.round(policy.busAckTimeoutMs / 60_000);
    return done(tracking, now, null, {
      outcome: 'needs-fallback',
      code: 'bus-ack-timeout',
      message: `infrastructure acknowledgement 20013 but no business acknowledgement within ${minutes} min`,
    });
  }
  return unchanged;
}

/**
 * Pure: the next state of one sent message after an acknowledgement, a MESH report or a clock tick.
 * Acks may arrive in any order (MESH does not promise order) and late ones after a final outcome
 * (e.g. 30001 after a timeout sent the fallback): those still make a progress event, never a second final.
 */
export function nextAckStep(tracking: AckTracking, event: AckEvent, policy: AckTimeouts): AckStep {
  if (event.kind === 'tick') return tracking.phase === 'done' ? { tracking, progress: null, final: null } : timeout(tracking, event.now, policy);

  if (event.kind === 'report') {
    // A success report (e.g. a delivery notification) changes nothing; the ITK acks decide.
    if (event.success) return { tracking, progress: null, final: null };
    const meaning = meshReportMeaning(event.statusCode);
    const code = event.statusCode ?? 'mesh-report';
    const progress: AckProgress = { type: 'mesh-report', code, message: meaning.meaning, positive: false };
    if (tracking.phase === 'done') return { tracking, progress, final: null };
    return done(tracking, event.at, progress, { outcome: 'needs-fallback', code, message: `MESH report ${code}: ${meaning.meaning}` });
  }

  const meaning = itkCodeMeaning(event.code, event.positive);
  const type = event.level === 'business' ? 'bus-ack' : 'inf-ack';
  const progress: AckProgress = { type, code: event.code, message: meaning.meaning, positive: event.positive };
  if (tracking.phase === 'done') return { tracking, progress, final: null };
  if (meaning.verdict === 'progress') {
    // A repeated 20013 keeps the first one's time, so it cannot extend the business-ack window.
    const infAckAt = tracking.infAckAt ?? event.at;
    return { tracking: { ...tracking, phase: 'awaiting-bus-ack', infAckAt }, progress, final: null };
  }
  const outcome = meaning.verdict;
  return done(tracking, event.at, progress, { outcome, code: event.code, message: `ITK ${event.code}: ${meaning.meaning}` });
}

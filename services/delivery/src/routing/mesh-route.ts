import { ITK_RESPONSE, MESH_REPORT } from '@firstsync/consultation-lifecycle';
import { WORKFLOW } from '@firstsync/mesh';
import type { PracticeRoute } from '../state/route-memory';
import type { EndpointAnswer } from '../transport/mesh';

/** Why a message for a practice on the MESH route goes (or does not go) by MESH: the `route-decided` event's code. */
export type RouteDecisionCode = 'switched-off' | 'probe' | 'no-mailbox' | 'multiple-mailboxes' | 'lookup-failed';

/** A decision worth an event: code, PII-free reason, and small facts for the dashboard. */
export interface RouteNote {
  readonly code: RouteDecisionCode;
  readonly message: string;
  readonly details: Readonly<Record<string, string | number>>;
}

export type MeshRouteDecision =
  /** Upload to MESH; `note` when that itself was a decision (a probe, a failed lookup), `remember` the state to record. */
  | { readonly kind: 'send'; readonly note: RouteNote | null; readonly remember: PracticeRoute | null }
  /** NHSmail fallback without trying MESH; `cause` is the code MESH would have answered (20010, EPL-150/151). */
  | { readonly kind: 'fallback'; readonly cause: string; readonly note: RouteNote };

/** What the practice's learnt route says now, before any lookup. */
export type Remembered =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'switched-off'; readonly route: PracticeRoute; readonly until: Date }
  | { readonly kind: 'probe'; readonly route: PracticeRoute; readonly until: Date }
  | { readonly kind: 'probing'; readonly route: PracticeRoute };

/**
 * Pure: a practice that answered 20010 gets NHSmail for `periodMs` from the answer; after that the
 * next message is a probe over MESH (recorded once, as `probing`); if it answers 20010 again, the
 * new answer starts a new period.
 */
export function remembered(route: PracticeRoute | undefined, now: Date, periodMs: number): Remembered {
  if (!route) return { kind: 'nothing' };
  if (route.state === 'probing') return { kind: 'probing', route };
  const until = new Date(Date.parse(route.learnedAt) + periodMs);
  return now.getTime() < until.getTime() ? { kind: 'switched-off', route, until } : { kind: 'probe', route, until };
}

/** Whether the endpoint lookup is worth making: not while the practice is known to be switched off. */
export function needsLookup(memory: Remembered): boolean {
  return memory.kind !== 'switched-off';
}

const workflowId = WORKFLOW.updateRecord;

/**
 * Pure: the route of one message for a practice whose directory route is MESH, from what the
 * practice taught us (`memory`) and what MESH endpoint lookup says (`endpoint`). A practice known to
 * have Update Record switched off, or without exactly one mailbox for the workflow, gets the NHSmail
 * fallback at once (MESH would answer 20010, EPL-151 or EPL-150 later, after a wasted upload). A
 * lookup that failed decides nothing: the message is uploaded and MESH routing answers.
 */
export function decideMeshRoute(input: {
  readonly practiceOds: string;
  readonly memory: Remembered;
  readonly endpoint: EndpointAnswer;
  readonly now: Date;
}): MeshRouteDecision {
  const { memory, endpoint, now } = input;
  if (memory.kind === 'switched-off') {
    const { learnedAt } = memory.route;
    const until = memory.until.toISOString();
    return {
      kind: 'fallback',
      cause: ITK_RESPONSE.recipientNotSupported.code,
      note: {
        code: 'switched-off',
        message: `practice answered ${memory.route.code} (Update Record switched off) at ${learnedAt}: NHSmail without trying MESH until ${until}, then MESH is tried again`,
        details: { route: 'nhsmail', learntFrom: memory.route.code, learnedAt, nhsmailUntil: until },
      },
    };
  }
  if (endpoint.kind === 'mailboxes' && endpoint.count !== 1) {
    const report = endpoint.count === 0 ? MESH_REPORT.noMailbox : MESH_REPORT.multipleMailboxes;
    const found = endpoint.count === 0 ? 'no mailbox' : `${endpoint.count} mailboxes`;
    return {
      kind: 'fallback',
      cause: report.code,
      note: {
        code: endpoint.count === 0 ? 'no-mailbox' : 'multiple-mailboxes',
        message: `MESH endpoint lookup found ${found} for ${workflowId} at the practice (MESH would report ${report.code}): NHSmail instead`,
        details: { route: 'nhsmail', workflowId, mailboxes: endpoint.count },
      },
    };
  }
  if (memory.kind === 'probe') {
    const { learnedAt } = memory.route;
    return {
      kind: 'send',
      note: {
        code: 'probe',
        message: `the NHSmail period after ${memory.route.code} at ${learnedAt} ended at ${memory.until.toISOString()}: trying MESH again`,
        details: { route: 'mesh', learntFrom: memory.route.code, learnedAt, nhsmailUntil: memory.until.toISOString() },
      },
      remember: { ...memory.route, state: 'probing', probedAt: now.toISOString() },
    };
  }
  if (endpoint.kind === 'failed') {
    return {
      kind: 'send',
      note: {
        code: 'lookup-failed',
        message: `MESH endpoint lookup failed (${endpoint.reason}): sending over MESH, MESH routing answers`,
        details: { route: 'mesh', workflowId },
      },
      remember: null,
    };
  }
  return { kind: 'send', note: null, remember: null };
}

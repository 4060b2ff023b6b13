import { DELIVERED_STATES, FAILURE_STATES } from '@firstsync/consultation-lifecycle';
import type { PipelineEvent } from '@firstsync/contracts';
import type { PracticeTally } from '@firstsync/read-store';
import type { ConsultationView } from './derive-consultation';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * The practice's route as delivery last decided it (issue #15): `switched-off` (answered 20010:
 * NHSmail until `nhsmailUntil`), `probe` (MESH tried again after that), `no-mailbox` /
 * `multiple-mailboxes` (MESH endpoint lookup), `lookup-failed` (sent by MESH anyway).
 */
export interface RouteDecision {
  code: string;
  at: string;
  /** Delivery's PII-free reason. */
  message?: string;
  nhsmailUntil?: string;
}

export interface PracticeHealth {
  practiceOds: string;
  total: number;
  delivered: number;
  /** Consultations currently in a failure state (retrying, needs fallback, dead-lettered, mapping failed). */
  failures: number;
  deadLettered: number;
  parked: number;
  held: boolean;
  heldAt?: string;
  heldBy?: string;
  heldReason?: string;
  /** As last reported by delivery in an event's details (`circuit` or `circuitState`). */
  circuit?: CircuitState;
  circuitReportedAt?: string;
  lastDeliveredAt?: string;
  route?: RouteDecision;
}

const CIRCUIT_STATES = new Set<string>(['closed', 'open', 'half-open']);

/** Delivery reports its per-practice breaker in free-form details; accept the usual spellings. */
export function circuitOf(event: PipelineEvent): CircuitState | undefined {
  const raw = event.details?.circuit ?? event.details?.circuitState ?? event.details?.breaker;
  if (typeof raw !== 'string') return undefined;
  const value = raw.toLowerCase().replace('_', '-');
  return CIRCUIT_STATES.has(value) ? (value as CircuitState) : undefined;
}

/** A routing decision about the practice: delivery's `route-decided`, or the 20010 it learnt from (`needs-fallback` with `nhsmailUntil`). */
export function routeOf(event: PipelineEvent): RouteDecision | undefined {
  const until = event.details?.nhsmailUntil;
  const nhsmailUntil = typeof until === 'string' ? { nhsmailUntil: until } : {};
  const message = event.message === undefined ? {} : { message: event.message };
  if (event.type === 'route-decided' && event.code !== undefined) return { code: event.code, at: event.at, ...message, ...nhsmailUntil };
  if (event.type === 'needs-fallback' && typeof until === 'string') return { code: 'switched-off', at: event.at, ...message, ...nhsmailUntil };
  return undefined;
}

/** True for the practice-scoped events the health view needs beyond consultation states. */
export function isPracticeSignal(event: PipelineEvent): boolean {
  return (
    event.practiceOds !== undefined &&
    (event.type === 'practice-held' || event.type === 'practice-released' || circuitOf(event) !== undefined || routeOf(event) !== undefined)
  );
}

function emptyHealth(practiceOds: string): PracticeHealth {
  return { practiceOds, total: 0, delivered: 0, failures: 0, deadLettered: 0, parked: 0, held: false };
}

/** Consultations of one practice in one state: what a store can count without loading the views. */
function tallies(views: Iterable<ConsultationView>): PracticeTally[] {
  const result: PracticeTally[] = [];
  for (const view of views) {
    if (view.practiceOds === undefined) continue;
    const tally: PracticeTally = { practiceOds: view.practiceOds, state: view.state, count: 1 };
    if (view.deliveredAt !== undefined) tally.lastDeliveredAt = view.deliveredAt;
    result.push(tally);
  }
  return result;
}

/**
 * Per-practice health from the consultation views and the practice signals (hold/release and
 * circuit reports, each list sorted by `compareEvents`). Pure, sorted by practice code.
 */
export function derivePracticeHealth(views: Iterable<ConsultationView>, signals: ReadonlyMap<string, readonly PipelineEvent[]>): PracticeHealth[] {
  return practiceHealthFrom(tallies(views), signals);
}

const DELIVERED: readonly string[] = DELIVERED_STATES;
const FAILED: readonly string[] = FAILURE_STATES;

/** The same health from per-state tallies (a store counts them with GROUP BY). */
export function practiceHealthFrom(counted: Iterable<PracticeTally>, signals: ReadonlyMap<string, readonly PipelineEvent[]>): PracticeHealth[] {
  const byPractice = new Map<string, PracticeHealth>();
  const health = (ods: string) => {
    const existing = byPractice.get(ods);
    if (existing) return existing;
    const entry = emptyHealth(ods);
    byPractice.set(ods, entry);
    return entry;
  };
  for (const tally of counted) {
    const entry = health(tally.practiceOds);
    entry.total += tally.count;
    if (DELIVERED.includes(tally.state)) entry.delivered += tally.count;
    if (FAILED.includes(tally.state)) entry.failures += tally.count;
    if (tally.state === 'dead-lettered') entry.deadLettered += tally.count;
    if (tally.state === 'parked') entry.parked += tally.count;
    const delivered = tally.lastDeliveredAt;
    if (delivered !== undefined && (entry.lastDeliveredAt === undefined || Date.parse(delivered) > Date.parse(entry.lastDeliveredAt)))
      entry.lastDeliveredAt = delivered;
  }
  for (const [ods, events] of signals) {
    const entry = health(ods);
    for (const event of events) {
      if (event.type === 'practice-held') {
        entry.held = true;
        entry.heldAt = event.at;
        if (event.actor !== undefined) entry.heldBy = event.actor;
        if (event.reason !== undefined) entry.heldReason = event.reason;
      } else if (event.type === 'practice-released') {
        entry.held = false;
        delete entry.heldAt;
        delete entry.heldBy;
        delete entry.heldReason;
      }
      const route = routeOf(event);
      if (route !== undefined) entry.route = route;
      const circuit = circuitOf(event);
      if (circuit !== undefined) {
        entry.circuit = circuit;
        entry.circuitReportedAt = event.at;
      }
    }
  }
  return [...byPractice.values()].sort((a, b) => (a.practiceOds < b.practiceOds ? -1 : a.practiceOds > b.practiceOds ? 1 : 0));
}

import { isVisibleToPharmacy, type PharmacyState, pharmacyStatus } from '@firstsync/consultation-lifecycle';
import type { Clock } from '@firstsync/contracts';
import type { ApiClient } from '@firstsync/pharmacy-api-keys';
import type { IdempotencyStore } from '../idempotency/store';
import type { StatusTimelines } from './status-timelines';
import type { TimelineEntry } from './timeline-store';

export interface ConsultationStatusView {
  consultationId: string;
  version: number;
  state: PharmacyState;
  since?: string;
  statusUrl: string;
  timeline: Omit<TimelineEntry, never>[];
  /** Every pipeline event published before this instant is reflected in state and timeline. */
  asOf: string;
}

export type StatusAnswer =
  | { readonly kind: 'found'; readonly view: ConsultationStatusView }
  /** `retentionDays`: the store keeps every consultation that long, so an unknown one may be older. */
  | { readonly kind: 'not-found'; readonly retentionDays?: number }
  | { readonly kind: 'forbidden' }
  /**
   * This instance has not yet established how current its view is (still reading the topic, or
   * unable to read where it ends): a stored id it does not know proves nothing yet, and a state it
   * holds may be old.
   */
  | { readonly kind: 'starting' }
  /** Its view is known current only up to `lagMs` ago, more than the allowed lag: the state it holds may be out of date. */
  | { readonly kind: 'behind'; readonly lagMs: number };

export interface StatusQueryDeps {
  store: IdempotencyStore;
  timelines: Pick<StatusTimelines, 'get' | 'retentionDays'>;
  statusUrl: (id: string) => string;
  /** Every pipeline event published before this instant is in the view; undefined until established (freshness.ts). */
  asOf: () => Date | undefined;
  /** A state known current only longer ago than this is not answered (503), not even with its asOf. */
  maxLagMs: number;
  clock: Clock;
}

/**
 * GET /v1/consultations/{id}: the owner is the pharmacy recorded when it was accepted (idempotency
 * store) or, when that entry has been forgotten, in ingest's `received` pipeline event. A
 * consultation whose owner cannot be established is answered as unknown.
 */
export async function consultationStatus(consultationId: string, client: ApiClient, deps: StatusQueryDeps): Promise<StatusAnswer> {
  const { store, timelines, statusUrl } = deps;
  const accepted = store.get(consultationId);
  const timeline = await timelines.get(consultationId);
  const retentionDays = timelines.retentionDays;
  const asOf = deps.asOf();
  if (retentionDays !== undefined && timeline === undefined && asOf === undefined) return { kind: 'starting' };
  const owner = accepted?.pharmacyOds ?? timeline?.pharmacyOds;
  if (owner === undefined) return retentionDays === undefined ? { kind: 'not-found' } : { kind: 'not-found', retentionDays };
  if (owner !== client.pharmacyOds) return { kind: 'forbidden' };
  // A state is only ever answered with the instant it is known current at, and not at all when that
  // is too long ago: a client that ignores asOf must not take a stale state for the current one.
  if (asOf === undefined) return { kind: 'starting' };
  const lagMs = deps.clock.now().getTime() - asOf.getTime();
  if (lagMs > deps.maxLagMs) return { kind: 'behind', lagMs };
  const entries = (timeline?.entries ?? []).filter(isVisibleToPharmacy);
  const derived = pharmacyStatus(entries);
  const view: ConsultationStatusView = {
    consultationId,
    version: Math.max(derived?.version ?? 1, accepted?.version ?? 1),
    state: derived?.state ?? 'received',
    ...(derived ? { since: derived.since } : {}),
    statusUrl: statusUrl(consultationId),
    timeline: entries,
    asOf: asOf.toISOString(),
  };
  return { kind: 'found', view };
}

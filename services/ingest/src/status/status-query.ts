import { isVisibleToPharmacy, type PharmacyState, pharmacyStatus } from '@firstsync/consultation-lifecycle';
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
}

export type StatusAnswer =
  | { readonly kind: 'found'; readonly view: ConsultationStatusView }
  /** `retentionDays`: the store keeps every consultation that long, so an unknown one may be older. */
  | { readonly kind: 'not-found'; readonly retentionDays?: number }
  | { readonly kind: 'forbidden' }
  /** A stored view this instance has not yet read up to the topic's end: not knowing it proves nothing yet. */
  | { readonly kind: 'starting' };

export interface StatusQueryDeps {
  store: IdempotencyStore;
  timelines: Pick<StatusTimelines, 'get' | 'retentionDays'>;
  statusUrl: (id: string) => string;
  /** Whether this instance's view of pipeline.events.v1 has reached where the topic ended at its start. */
  caughtUp: () => boolean;
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
  if (retentionDays !== undefined && timeline === undefined && !deps.caughtUp()) return { kind: 'starting' };
  const owner = accepted?.pharmacyOds ?? timeline?.pharmacyOds;
  if (owner === undefined) return retentionDays === undefined ? { kind: 'not-found' } : { kind: 'not-found', retentionDays };
  if (owner !== client.pharmacyOds) return { kind: 'forbidden' };
  const entries = (timeline?.entries ?? []).filter(isVisibleToPharmacy);
  const derived = pharmacyStatus(entries);
  const view: ConsultationStatusView = {
    consultationId,
    version: Math.max(derived?.version ?? 1, accepted?.version ?? 1),
    state: derived?.state ?? 'received',
    ...(derived ? { since: derived.since } : {}),
    statusUrl: statusUrl(consultationId),
    timeline: entries,
  };
  return { kind: 'found', view };
}

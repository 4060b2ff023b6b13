import { isVisibleToPharmacy, type PharmacyState, pharmacyStatus } from '@firstsync/consultation-lifecycle';
import type { ApiClient } from '@firstsync/pharmacy-api-keys';
import type { IdempotencyStore } from '../idempotency/store';
import type { TimelineEntry, TimelineStore } from './timeline-store';

export interface ConsultationStatusView {
  consultationId: string;
  version: number;
  state: PharmacyState;
  since?: string;
  statusUrl: string;
  timeline: Omit<TimelineEntry, never>[];
}

export type StatusAnswer = { readonly kind: 'found'; readonly view: ConsultationStatusView } | { readonly kind: 'not-found' } | { readonly kind: 'forbidden' };

/**
 * GET /v1/consultations/{id}: the owner is the pharmacy recorded when it was accepted (idempotency
 * store) or, when that entry has been forgotten, in ingest's `received` pipeline event. A
 * consultation whose owner cannot be established is answered as unknown.
 */
export function consultationStatus(
  consultationId: string,
  client: ApiClient,
  { store, timelines, statusUrl }: { store: IdempotencyStore; timelines: TimelineStore; statusUrl: (id: string) => string },
): StatusAnswer {
  const accepted = store.get(consultationId);
  const timeline = timelines.get(consultationId);
  const owner = accepted?.pharmacyOds ?? timeline?.pharmacyOds;
  if (owner === undefined) return { kind: 'not-found' };
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

import type { Receipt } from '../system/simulator-client';
import type { SentConsultation } from './paced-poster';

/** When each consultation reached a point of the route (epoch ms), by consultationId. */
export type Arrivals = ReadonlyMap<string, number>;

/** Arrivals from the simulator's FHIR REST receipts (first receipt of each consultation). */
export function fhirRestArrivals(receipts: readonly Receipt[]): Arrivals {
  const arrivals = new Map<string, number>();
  for (const receipt of receipts) if (receipt.consultationId) arrivals.set(receipt.consultationId, Date.parse(receipt.firstReceivedAt));
  return arrivals;
}

/**
 * Latency of each accepted consultation: from just before its POST to its arrival (both clocks are
 * this machine's). Missing arrivals are counted, not guessed.
 */
export function latencies(sent: readonly SentConsultation[], arrivals: Arrivals): { latenciesMs: number[]; missing: number } {
  const latenciesMs: number[] = [];
  let missing = 0;
  for (const s of sent) {
    if (s.status !== 202) continue;
    const at = arrivals.get(s.consultationId);
    if (at === undefined) missing += 1;
    else latenciesMs.push(Math.max(0, at - s.sentAtMs));
  }
  return { latenciesMs, missing };
}

/** End-to-end latency from the POST to the first receipt at the simulator's FHIR REST endpoint. */
export function endToEndLatencies(sent: readonly SentConsultation[], receipts: readonly Receipt[]): { latenciesMs: number[]; missing: number } {
  return latencies(sent, fhirRestArrivals(receipts));
}

import type { SentConsultation } from './paced-poster';
import type { Receipt } from '../system/simulator-client';

/**
 * End-to-end latency of each accepted consultation: from just before its POST to its first receipt
 * at the simulator (both clocks are this machine's). Missing receipts are counted, not guessed.
 */
export function endToEndLatencies(sent: readonly SentConsultation[], receipts: readonly Receipt[]): { latenciesMs: number[]; missing: number } {
  const receivedAt = new Map<string, number>();
  for (const receipt of receipts) if (receipt.consultationId) receivedAt.set(receipt.consultationId, Date.parse(receipt.firstReceivedAt));
  const latenciesMs: number[] = [];
  let missing = 0;
  for (const s of sent) {
    if (s.status !== 202) continue;
    const at = receivedAt.get(s.consultationId);
    if (at === undefined) missing += 1;
    else latenciesMs.push(Math.max(0, at - s.sentAtMs));
  }
  return { latenciesMs, missing };
}

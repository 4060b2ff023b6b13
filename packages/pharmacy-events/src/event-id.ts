import { createHash } from 'node:crypto';
import type { PharmacyEventType } from '@firstsync/contracts';

/**
 * The id of the pharmacy event projected from one pipeline event: a UUID (version 8, "custom")
 * made from a SHA-256 of the pipeline event's id and the output type. Deterministic, so a
 * re-projection after a crash or rebalance yields the same `webhook-id` and receivers deduplicate
 * it; the type is part of it because one pipeline event can yield two events (accepted + replaced).
 */
export function pharmacyEventId(pipelineEventId: string, type: PharmacyEventType): string {
  const hex = createHash('sha256').update(`firstsync.pharmacy-event.v1:${pipelineEventId}:${type}`).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

import type { ConsultationWarning } from '@firstsync/contracts';
import { BoundedLru } from './bounded-lru';

/** What ingest remembers about the latest accepted version of a consultation. */
export interface AcceptedRecord {
  readonly consultationId: string;
  readonly version: number;
  /** sha256 (base64) of the canonical JSON of the parsed consultation. */
  readonly fingerprint: string;
  /** The pharmacy whose key submitted it: only that pharmacy may amend or read it. */
  readonly pharmacyOds: string;
  /** Kept so a replay can answer with exactly the original result. */
  readonly warnings: readonly ConsultationWarning[];
}

/**
 * Idempotency memory behind an interface so the in-memory default can be swapped.
 *
 * Limits of the in-memory default, deliberately accepted for one instance:
 * - Bounded (LRU): a consultation older than the most recent `maxEntries` is forgotten, and an
 *   exact re-send of it would be published again. Downstream stages key on consultationId +
 *   version and the GP side deduplicates on Bundle.identifier, so the cost is a duplicate event, not
 *   a duplicate record.
 * - Per process, but every instance materialises it from `consultations.v1`, and the answer to a
 *   publish comes from reading the instance's own record back (read-back.ts): the first record for a
 *   consultation version on its partition wins, so two instances that accept concurrently answer
 *   as if the submissions had come one after the other (one 202 first-hand, the other a replay or
 *   a 409), and every view ignores the losing record.
 */
export interface IdempotencyStore {
  get(consultationId: string): AcceptedRecord | undefined;
  /**
   * Whether this version (or a later one) of the consultation is already remembered, without
   * touching recency: the start-up rebuild also reads back every record this instance just
   * published, and those need neither a fingerprint nor a store update.
   */
  knows(consultationId: string, version: number): boolean;
  /** Records an accepted version; an older or equal version never replaces a newer one. */
  record(accepted: AcceptedRecord): void;
  readonly size: number;
}

const NO_WARNINGS: readonly ConsultationWarning[] = Object.freeze([]);

export function createMemoryIdempotencyStore(maxEntries: number): IdempotencyStore {
  const entries = new BoundedLru<string, AcceptedRecord>(maxEntries);
  return {
    get: (consultationId) => entries.get(consultationId),
    knows: (consultationId, version) => (entries.peek(consultationId)?.version ?? 0) >= version,
    record(accepted) {
      const current = entries.peek(accepted.consultationId);
      // Equal version: the first accepted content stays authoritative (a replayed record from the
      // topic must not overwrite what this instance answered).
      if (current && current.version >= accepted.version) return;
      // No warnings is the common case: one shared empty list instead of one per entry.
      entries.set(accepted.consultationId, accepted.warnings.length === 0 ? { ...accepted, warnings: NO_WARNINGS } : accepted);
    },
    get size() {
      return entries.size;
    },
  };
}

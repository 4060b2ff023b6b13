import { type Decision, decide, type Submission } from './decide';
import type { AcceptedRecord } from './store';

/**
 * Cross-instance idempotency without a shared database: `consultations.v1` is keyed by
 * consultationId, so every submission of one consultation lands on one partition, and the order
 * there is the same for every reader. The rule is "first on the partition wins": a record is judged
 * against what the partition held just before it, exactly as `decide` judges a submission against
 * the idempotency store. The publishing instance tags its record with an acceptance id, waits until
 * its own view of the topic reaches that record, and answers from the judgement made there, so two
 * instances that published concurrently answer as if the submissions had come one after the other
 * (the acceptance id travels in HEADER.acceptanceId). The mapper applies the same rule to what it
 * maps (services/fhir-mapper acceptance-gate.ts), so a losing record goes no further.
 */

/** What the partition held for the consultation just before this instance's record. */
export type ReadBack = { readonly before: AcceptedRecord | undefined };

/**
 * The answer for a record that was published and read back. Publishing first-hand (`publish`), or
 * an identical record that another instance put first (`replay`: the same consultation twice on
 * the topic, which downstream deduplicates on its stable identifiers), both mean 202; anything else
 * means another instance's different content got there first, and this record lost.
 */
export function judgeReadBack(before: AcceptedRecord | undefined, submission: Submission): Decision {
  return decide(before, submission);
}

/**
 * Whether a record read from the topic becomes the remembered version: only one the rule accepts
 * first-hand. A losing record (different content for a version already taken, a lower version,
 * another pharmacy's id) is ignored by every view, whichever instance reads it.
 */
export function firstOnPartition(before: AcceptedRecord | undefined, record: AcceptedRecord): boolean {
  return decide(before, record).kind === 'publish';
}

interface Waiter {
  readonly resolve: (readBack: ReadBack) => void;
  readonly timer: NodeJS.Timeout;
}

export class ReadBackTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`published consultation not read back within ${timeoutMs} ms`);
    this.name = 'ReadBackTimeoutError';
  }
}

/**
 * Publishes waiting for their read-back, by acceptance id. The idempotency view calls `observe`
 * for every record it applies, before applying it, with the state it had for that consultation.
 */
export class ReadBackWaiters {
  private readonly waiting = new Map<string, Waiter>();

  /** Registered before the send, so a read-back arriving before `send` resolves is never missed. */
  expect(acceptanceId: string, timeoutMs: number): Promise<ReadBack> {
    return new Promise<ReadBack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(acceptanceId);
        reject(new ReadBackTimeoutError(timeoutMs));
      }, timeoutMs);
      this.waiting.set(acceptanceId, { resolve, timer });
    });
  }

  /** Whether a record with this acceptance id is awaited here (cheap: most records are not). */
  awaits(acceptanceId: string | undefined): acceptanceId is string {
    return acceptanceId !== undefined && this.waiting.has(acceptanceId);
  }

  observe(acceptanceId: string, before: AcceptedRecord | undefined): void {
    const waiter = this.waiting.get(acceptanceId);
    if (!waiter) return;
    this.waiting.delete(acceptanceId);
    clearTimeout(waiter.timer);
    waiter.resolve({ before });
  }

  /** Stops waiting (the send failed: no record will come). */
  forget(acceptanceId: string): void {
    const waiter = this.waiting.get(acceptanceId);
    if (!waiter) return;
    this.waiting.delete(acceptanceId);
    clearTimeout(waiter.timer);
  }

  get size(): number {
    return this.waiting.size;
  }
}

import type { WebhookAttempt } from '@firstsync/contracts';
import type { Logger } from '@firstsync/logging';

/**
 * Records an endpoint loop's attempts without making the next request wait for Kafka's
 * acknowledgement of the previous one's record. Waiting cost two produce round trips per event
 * (the failure and the success), which under load capped a receiver that needs one retry per event
 * at tens of events a second, below what one busy pharmacy produces. The records are still written,
 * in order (the producer keeps per-partition order), and the loop waits for all of them before it
 * ends; at most `maxInFlight` are outstanding, so a slow Kafka slows the loop instead of growing memory.
 */
export interface AttemptRecorder {
  /** Starts writing the attempt; resolves at once unless `maxInFlight` records are outstanding. */
  record(attempt: WebhookAttempt): Promise<void>;
  /** Resolves when every record started so far has been written or has failed. */
  drain(): Promise<void>;
}

export const ATTEMPT_RECORDS_IN_FLIGHT = 64;

export function createAttemptRecorder(
  write: (attempt: WebhookAttempt) => Promise<void>,
  log: Logger,
  maxInFlight = ATTEMPT_RECORDS_IN_FLIGHT,
): AttemptRecorder {
  const inFlight = new Set<Promise<void>>();
  return {
    async record(attempt) {
      // A lost record only means a re-delivery after a restart (at least once) or a shorter visible
      // history; a Kafka outage must not stop deliveries.
      const writing = write(attempt).catch((err: unknown) => {
        log.warn({ err, eventId: attempt.eventId, attempt: attempt.attempt }, 'webhook attempt not recorded');
      });
      inFlight.add(writing);
      void writing.finally(() => inFlight.delete(writing));
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

import type { TransportOutcomeKind } from '../transport/port';

/** What one attempt's outcome does to its practice's circuit breaker. */
export type BreakerEffect = 'failure' | 'success' | 'none';

/**
 * Pure: only the far side moves a practice's breaker (issue #18). Its silence or trouble
 * (`retryable`: timeouts, refused or reset connections, 5xx, 429) counts against it; any answer it
 * gave (delivered, duplicate, accepted, or a permanent refusal: it is up and answering) closes it.
 * A `message-fault` never reached the practice, so it neither opens the breaker nor, as a probe,
 * closes it: five unsendable messages say nothing about whether the practice is reachable.
 */
export function breakerEffect(kind: TransportOutcomeKind): BreakerEffect {
  switch (kind) {
    case 'retryable':
      return 'failure';
    case 'delivered':
    case 'duplicate':
    case 'accepted':
    case 'permanent':
      return 'success';
    case 'message-fault':
      return 'none';
  }
}

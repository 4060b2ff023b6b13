import type { GpMessage } from '@firstsync/contracts';
import type { PracticeDirectory } from '../routing/practice-directory';
import { type FallbackDecision, fallbackRoute } from '../transport/nhsmail';
import type { Route, TransportOutcome } from '../transport/port';

/**
 * Pure: the practice's NHSmail route for the fallback. The summary carries the NHS number and
 * clinical notes, so it only ever goes to the address in the practice's own directory entry: the
 * default route never lends one (issue #18: no shared catch-all mailbox for patient data). A
 * practice without its own address needs an operator; nothing is mailed.
 */
export function fallbackFor(gpMessage: GpMessage, directory: PracticeDirectory): FallbackDecision {
  const own = directory.practices[gpMessage.practiceOds];
  const route: Route = {
    practiceOds: gpMessage.practiceOds,
    transport: 'nhsmail',
    nhsmailAddress: own?.nhsmailAddress,
    concurrency: own?.concurrency ?? 1,
    source: 'practice',
  };
  return fallbackRoute(route);
}

export type FallbackResult =
  | { readonly kind: 'sent'; readonly code: string; readonly message: string; readonly durationMs: number }
  | { readonly kind: 'park'; readonly reason: string; readonly message: string }
  | { readonly kind: 'retry'; readonly code: string; readonly message: string };

/**
 * Pure: what one NHSmail attempt means for the fallback. A mail the relay refuses for good cannot
 * be dead-lettered again (that is where the fallback came from), so it waits for an operator.
 */
export function fallbackResult(outcome: TransportOutcome): FallbackResult {
  switch (outcome.kind) {
    case 'delivered':
    case 'duplicate':
    case 'accepted':
      return { kind: 'sent', code: outcome.code, message: outcome.message, durationMs: outcome.durationMs };
    case 'retryable':
      return { kind: 'retry', code: outcome.code, message: outcome.message };
    case 'permanent':
      return { kind: 'park', reason: 'fallback-failed', message: outcome.message };
    case 'message-fault':
      // No mailbox of the practice's own, or a summary that could not be built or handed to the
      // relay: the same mail would fail again, so an operator decides.
      return { kind: 'park', reason: outcome.code, message: outcome.message };
  }
}

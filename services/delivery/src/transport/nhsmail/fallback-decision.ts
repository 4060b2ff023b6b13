import type { GpMessage } from '@firstsync/contracts';
import type { PracticeDirectory } from '../../routing/practice-directory';
import type { Route, TransportOutcome } from '../port';
import { fallbackRoute, type FallbackDecision } from './fallback-route';

/** The practice's NHSmail route for the fallback, from its own directory entry or the default one. */
export function fallbackFor(gpMessage: GpMessage, directory: PracticeDirectory): FallbackDecision {
  const own = directory.practices[gpMessage.practiceOds];
  const entry = own ?? directory.default ?? undefined;
  const route: Route = {
    practiceOds: gpMessage.practiceOds,
    transport: 'nhsmail',
    nhsmailAddress: entry?.nhsmailAddress,
    concurrency: entry?.concurrency ?? 1,
    source: own ? 'practice' : 'default',
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
      return { kind: 'park', reason: outcome.code === 'no-nhsmail-address' ? 'no-nhsmail-address' : 'fallback-failed', message: outcome.message };
  }
}

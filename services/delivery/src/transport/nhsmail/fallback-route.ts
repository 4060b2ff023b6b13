import { MESSAGE_FAULT } from '../message-fault';
import type { Route } from '../port';

export type FallbackDecision =
  | { readonly kind: 'send'; readonly route: Route }
  | { readonly kind: 'park'; readonly reason: typeof MESSAGE_FAULT.noNhsmailAddress; readonly message: string };

/**
 * Pure: where the NHSmail fallback for a practice goes. The practice's own directory entry carries
 * its shared NHSmail mailbox whatever its structured transport is; without one an operator must
 * act, and nothing is mailed anywhere else.
 */
export function fallbackRoute(route: Route): FallbackDecision {
  if (!route.nhsmailAddress || route.source !== 'practice') {
    return {
      kind: 'park',
      reason: MESSAGE_FAULT.noNhsmailAddress,
      message: `no known NHSmail address for practice ${route.practiceOds}; nothing was mailed (add it to the practice's directory entry, then resend)`,
    };
  }
  return { kind: 'send', route: { ...route, transport: 'nhsmail' } };
}

import type { Route } from '../port';

export type FallbackDecision = { readonly kind: 'send'; readonly route: Route } | { readonly kind: 'park'; readonly reason: 'no-nhsmail-address'; readonly message: string };

/**
 * Pure: where the NHSmail fallback for a practice goes. The practice's directory entry carries its
 * shared NHSmail mailbox whatever its structured transport is; without one an operator must act.
 */
export function fallbackRoute(route: Route): FallbackDecision {
  if (!route.nhsmailAddress) return { kind: 'park', reason: 'no-nhsmail-address', message: 'practice has no NHSmail address for the fallback' };
  return { kind: 'send', route: { ...route, transport: 'nhsmail' } };
}

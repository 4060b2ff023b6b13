/**
 * Per-practice circuit breaker as a pure state machine:
 * closed --(N consecutive failures)--> open --(cool-down elapsed)--> half-open (one probe)
 * half-open --(probe succeeds)--> closed; half-open --(probe fails)--> open again.
 */
export type BreakerState =
  | { readonly status: 'closed'; readonly failures: number }
  | { readonly status: 'open'; readonly openedAt: number }
  | { readonly status: 'half-open'; readonly probeStartedAt: number };

export interface BreakerSettings {
  readonly failureThreshold: number;
  readonly coolDownMs: number;
}

export const closedBreaker: BreakerState = { status: 'closed', failures: 0 };

export type BreakerDecision =
  | { readonly allowed: true; readonly probe: boolean; readonly state: BreakerState }
  | { readonly allowed: false; readonly retryInMs: number; readonly state: BreakerState };

/** May a call go out now? Moving to half-open lets exactly one probe through. */
export function requestPermission(state: BreakerState, now: number, settings: BreakerSettings): BreakerDecision {
  switch (state.status) {
    case 'closed':
      return { allowed: true, probe: false, state };
    case 'open': {
      const waited = now - state.openedAt;
      if (waited >= settings.coolDownMs) return { allowed: true, probe: true, state: { status: 'half-open', probeStartedAt: now } };
      return { allowed: false, retryInMs: settings.coolDownMs - waited, state };
    }
    case 'half-open':
      // A probe that never reported back (its process died) must not keep the breaker shut forever.
      if (now - state.probeStartedAt >= settings.coolDownMs) return { allowed: true, probe: true, state: { status: 'half-open', probeStartedAt: now } };
      return { allowed: false, retryInMs: settings.coolDownMs - (now - state.probeStartedAt), state };
  }
}

export function recordSuccess(_state: BreakerState): BreakerState {
  return closedBreaker;
}

/** Only failures that say the endpoint is unwell count (retryable ones); a permanent rejection proves it answers. */
export function recordFailure(state: BreakerState, now: number, settings: BreakerSettings): BreakerState {
  switch (state.status) {
    case 'closed': {
      const failures = state.failures + 1;
      return failures >= settings.failureThreshold ? { status: 'open', openedAt: now } : { status: 'closed', failures };
    }
    case 'half-open':
      return { status: 'open', openedAt: now };
    case 'open':
      return state;
  }
}

/**
 * A probe that sent nothing (its message was at fault before any byte left) learned nothing about
 * the practice: the next call may probe at once instead of waiting out another cool-down.
 */
export function releaseProbe(state: BreakerState, now: number, settings: BreakerSettings): BreakerState {
  return state.status === 'half-open' ? { status: 'open', openedAt: now - settings.coolDownMs } : state;
}

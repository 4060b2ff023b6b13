import { describe, expect, it } from 'vitest';
import { type BreakerState, closedBreaker, recordFailure, recordSuccess, requestPermission } from '../src/policy/circuit-breaker';

const settings = { failureThreshold: 3, coolDownMs: 1_000 };

function failTimes(state: BreakerState, times: number, at = 0): BreakerState {
  let current = state;
  for (let i = 0; i < times; i += 1) current = recordFailure(current, at, settings);
  return current;
}

describe('circuit breaker', () => {
  it('stays closed below the threshold and opens at it', () => {
    expect(failTimes(closedBreaker, 2)).toEqual({ status: 'closed', failures: 2 });
    expect(failTimes(closedBreaker, 3, 500)).toEqual({ status: 'open', openedAt: 500 });
  });

  it('counts consecutive failures only: a success in between resets the count', () => {
    const state = failTimes(recordSuccess(failTimes(closedBreaker, 2)), 2);
    expect(state).toEqual({ status: 'closed', failures: 2 });
  });

  it('refuses calls while open, saying how long until the probe', () => {
    const open = failTimes(closedBreaker, 3, 0);
    expect(requestPermission(open, 400, settings)).toMatchObject({ allowed: false, retryInMs: 600 });
  });

  it('lets exactly one probe through after the cool-down', () => {
    const open = failTimes(closedBreaker, 3, 0);
    const probe = requestPermission(open, 1_000, settings);
    expect(probe).toMatchObject({ allowed: true, probe: true, state: { status: 'half-open' } });
    expect(requestPermission(probe.state, 1_001, settings).allowed).toBe(false);
  });

  it('closes when the probe succeeds and re-opens when it fails', () => {
    const halfOpen = requestPermission(failTimes(closedBreaker, 3, 0), 1_000, settings).state;
    expect(recordSuccess(halfOpen)).toEqual(closedBreaker);
    expect(recordFailure(halfOpen, 1_200, settings)).toEqual({ status: 'open', openedAt: 1_200 });
  });

  it('allows a new probe when the previous one never reported back', () => {
    const halfOpen = requestPermission(failTimes(closedBreaker, 3, 0), 1_000, settings).state;
    expect(requestPermission(halfOpen, 2_000, settings)).toMatchObject({ allowed: true, probe: true });
  });
});

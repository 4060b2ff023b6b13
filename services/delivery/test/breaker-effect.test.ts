import { describe, expect, it } from 'vitest';
import { breakerEffect } from '../src/policy/breaker-effect';
import { closedBreaker, releaseProbe, requestPermission } from '../src/policy/circuit-breaker';
import type { TransportOutcomeKind } from '../src/transport/port';

describe('breakerEffect: only the far side moves a practice’s breaker', () => {
  it.each([
    ['retryable', 'failure'],
    ['delivered', 'success'],
    ['duplicate', 'success'],
    ['accepted', 'success'],
    ['permanent', 'success'],
    ['message-fault', 'none'],
  ] as const satisfies readonly (readonly [TransportOutcomeKind, string])[])('%s -> %s', (kind, effect) => {
    expect(breakerEffect(kind)).toBe(effect);
  });
});

describe('releaseProbe', () => {
  const settings = { failureThreshold: 2, coolDownMs: 1_000 };

  it('lets the next call probe at once after a probe that sent nothing', () => {
    const probing = requestPermission({ status: 'open', openedAt: 0 }, 1_000, settings);
    expect(probing).toMatchObject({ allowed: true, probe: true, state: { status: 'half-open' } });
    const released = releaseProbe(probing.state, 1_005, settings);
    expect(requestPermission(released, 1_005, settings)).toMatchObject({ allowed: true, probe: true });
  });

  it('leaves a closed or open breaker as it is', () => {
    expect(releaseProbe(closedBreaker, 5, settings)).toBe(closedBreaker);
    const open = { status: 'open', openedAt: 3 } as const;
    expect(releaseProbe(open, 5, settings)).toBe(open);
  });
});

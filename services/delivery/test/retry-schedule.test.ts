import { describe, expect, it } from 'vitest';
import { nextAttempt, type RetryPolicy } from '../src/policy/retry-schedule';
import { notificationDeadline } from '../src/policy/working-days';

const MIN = 60_000;
const policy: RetryPolicy = {
  tiers: [
    { id: '30s', delayMs: 30_000 },
    { id: '2m', delayMs: 2 * MIN },
    { id: '10m', delayMs: 10 * MIN },
    { id: '1h', delayMs: 60 * MIN },
    { id: '4h', delayMs: 240 * MIN },
  ],
  maxAttempts: 8,
  jitterRatio: 0.2,
  fallbackMarginMs: 120 * MIN,
};
const now = new Date('2026-03-10T09:00:00Z');
const farDeadline = new Date('2026-03-12T18:30:00Z');
const noJitter = () => 0.5;

function after(attempt: number, random = noJitter, at = now, deadline = farDeadline) {
  return nextAttempt({ attempt, firstAttemptAt: now, now: at, deadline }, policy, random);
}

describe('nextAttempt', () => {
  it.each([
    [1, '30s', 30_000],
    [2, '2m', 2 * MIN],
    [3, '10m', 10 * MIN],
    [4, '1h', 60 * MIN],
    [5, '4h', 240 * MIN],
    [6, '4h', 240 * MIN],
  ])('after failed attempt %i waits on tier %s', (attempt, tier, delay) => {
    const next = after(attempt);
    expect(next).toEqual({ kind: 'retry', attempt: attempt + 1, tier: expect.objectContaining({ id: tier }), notBefore: new Date(now.getTime() + delay) });
  });

  it('spreads retries by the jitter ratio either side of the tier delay', () => {
    const lowest = after(1, () => 0);
    const highest = after(1, () => 0.999_999);
    expect(lowest.kind === 'retry' && lowest.notBefore.getTime() - now.getTime()).toBe(24_000);
    expect(highest.kind === 'retry' && highest.notBefore.getTime() - now.getTime()).toBe(36_000);
  });

  it('gives up after the maximum number of attempts', () => {
    expect(after(8)).toMatchObject({ kind: 'exhausted' });
    expect(after(7).kind).toBe('retry');
  });

  it('marks for fallback when the next try would leave less than the margin before the deadline', () => {
    const deadline = new Date(now.getTime() + 130 * MIN);
    expect(after(1, noJitter, now, deadline).kind).toBe('retry');
    expect(after(3, noJitter, now, deadline).kind).toBe('retry');
    expect(after(4, noJitter, now, deadline)).toMatchObject({ kind: 'needs-fallback', reason: expect.stringContaining('deadline') });
  });

  it('works back from the working-day deadline: a Friday consultation still failing late on Monday needs the fallback', () => {
    const deadline = notificationDeadline(new Date('2026-03-13T16:00:00Z'));
    expect(after(2, noJitter, new Date('2026-03-16T09:00:00Z'), deadline).kind).toBe('retry');
    expect(after(2, noJitter, new Date('2026-03-16T16:29:00Z'), deadline).kind).toBe('needs-fallback');
  });

  it('does not mark a Saturday consultation for fallback over the weekend', () => {
    const deadline = notificationDeadline(new Date('2026-03-14T10:00:00Z'));
    expect(after(5, noJitter, new Date('2026-03-15T20:00:00Z'), deadline).kind).toBe('retry');
  });
});

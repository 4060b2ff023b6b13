import { describe, expect, it } from 'vitest';
import { type AttemptRecord, attemptsMade, refusalsInARow } from '../src/engine/delivery-work';
import { PracticeRegistry } from '../src/engine/practice-registry';
import { WorkTracker } from '../src/handlers/batch-runner';
import { afterRefusal, type RetryPolicy } from '../src/policy/retry-schedule';

const MIN = 60_000;
const policy: RetryPolicy = {
  tiers: [
    { id: '30s', delayMs: 30_000 },
    { id: '2m', delayMs: 2 * MIN },
    { id: '10m', delayMs: 10 * MIN },
  ],
  maxAttempts: 3,
  jitterRatio: 0.2,
  fallbackMarginMs: 120 * MIN,
};
const now = new Date('2026-03-10T09:00:00Z');
const farDeadline = new Date('2026-03-12T18:30:00Z');
const noJitter = () => 0.5;

const record = (attempt: number, outcome: AttemptRecord['outcome']): AttemptRecord => ({
  attempt,
  at: now.toISOString(),
  transport: 'fhir-rest',
  outcome,
  code: outcome === 'circuit-open' ? 'circuit-open' : '503',
  message: 'x',
  durationMs: 0,
});

describe('afterRefusal (a breaker refusal is not an attempt)', () => {
  it('keeps the attempt number, whatever maxAttempts says: nothing was sent', () => {
    const next = afterRefusal({ refusals: 1, attempt: 3, retryInMs: 5_000, now, deadline: farDeadline }, policy, noJitter);
    expect(next).toEqual({ kind: 'retry', attempt: 3, tier: policy.tiers[0], notBefore: new Date(now.getTime() + 30_000) });
  });

  it.each([
    [1, '30s'],
    [2, '2m'],
    [3, '10m'],
    [9, '10m'],
  ])('waits on the tier of its refusal count (%i refusals: %s)', (refusals, tier) => {
    const next = afterRefusal({ refusals, attempt: 1, retryInMs: 0, now, deadline: farDeadline }, policy, noJitter);
    expect(next).toMatchObject({ kind: 'retry', attempt: 1, tier: { id: tier } });
  });

  it('never waits less than until the next probe the breaker allows', () => {
    const next = afterRefusal({ refusals: 1, attempt: 1, retryInMs: 90_000, now, deadline: farDeadline }, policy, noJitter);
    expect(next).toMatchObject({ kind: 'retry', notBefore: new Date(now.getTime() + 90_000) });
  });

  it('sends the message to the fallback when waiting would leave no time for it', () => {
    const deadline = new Date(now.getTime() + 120 * MIN + 10_000);
    const next = afterRefusal({ refusals: 1, attempt: 1, retryInMs: 0, now, deadline }, policy, noJitter);
    expect(next).toMatchObject({ kind: 'needs-fallback', reason: expect.stringContaining('circuit open') });
  });

  it('is exhausted only when there is no tier to wait on', () => {
    expect(afterRefusal({ refusals: 1, attempt: 1, retryInMs: 0, now, deadline: farDeadline }, { ...policy, tiers: [] })).toMatchObject({ kind: 'exhausted' });
  });
});

describe('attempt history with refusals', () => {
  it('counts only calls that went out, and the refusals in a row at the end', () => {
    const history = [record(1, 'retryable'), record(2, 'circuit-open'), record(2, 'retryable'), record(3, 'circuit-open'), record(3, 'circuit-open')];
    expect(attemptsMade(history)).toBe(2);
    expect(refusalsInARow(history)).toBe(2);
    expect(refusalsInARow(history.slice(0, 3))).toBe(0);
    expect(attemptsMade([])).toBe(0);
  });
});

describe('practice registry: recovery', () => {
  it('tells when a breaker closed after work was held back, and announces the change once', () => {
    const practices = new PracticeRegistry({ failureThreshold: 1, coolDownMs: 100 });
    const closed: string[] = [];
    practices.onClosed((ods) => closed.push(ods));
    practices.succeeded('A11111', 10);
    expect(closed).toEqual([]);
    practices.failed('A11111', 1_000);
    expect(practices.permission('A11111', 1_050).allowed).toBe(false);
    expect(practices.recoveredSince('A11111', 1_050)).toBe(false);
    expect(practices.permission('A11111', 1_100)).toMatchObject({ allowed: true, probe: true });
    practices.succeeded('A11111', 1_120);
    practices.succeeded('A11111', 1_130);
    expect(closed).toEqual(['A11111']);
    expect(practices.recoveredSince('A11111', 1_050)).toBe(true);
    expect(practices.recoveredSince('A11111', 1_121)).toBe(false);
    expect(practices.recoveredSince('B22222', 0)).toBe(false);
    practices.failed('A11111', 1_200);
    expect(practices.recoveredSince('A11111', 1_050)).toBe(false);
  });
});

describe('work tracker wake-up', () => {
  it('runs wakeable timers at once and leaves the others to their time', () => {
    const tracker = new WorkTracker();
    const ran: string[] = [];
    tracker.after(60_000, () => ran.push('due-time'), true);
    tracker.after(60_000, () => ran.push('backoff'));
    tracker.wake();
    tracker.wake();
    expect(ran).toEqual(['due-time']);
    tracker.cancelTimers();
  });
});

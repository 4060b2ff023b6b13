import type { WebhookAttempt } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { applyAttempt, attemptsView, emptyAttemptsView, firstUndeliveredOffset } from '../src';

const ENDPOINT = '3d0c6f8e-7b2a-4c1d-9e5f-1a2b3c4d5e6f';
const OTHER = '4e1d7a9f-8c3b-4d2e-8f6a-2b3c4d5e6f7a';
const E1 = '6f1d2c3b-4a59-8e7d-9c1b-2a3f4e5d6c7b';
const E2 = '7a2e3d4c-5b6a-8f9e-8d2c-3b4a5f6e7d8c';

let n = 0;
function attempt(fields: Partial<WebhookAttempt>): WebhookAttempt {
  n += 1;
  return {
    attemptId: `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
    endpointId: ENDPOINT,
    pharmacyOds: 'FVR79',
    eventId: E1,
    eventType: 'consultation.rejected',
    consultationId: '0b6f1a52-3c1d-4e8f-9a7b-5c4d3e2f1a0b',
    partition: 2,
    feedOffset: '10',
    attempt: 1,
    at: `2026-03-10T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
    outcome: 'failed',
    durationMs: 5,
    ...fields,
  };
}

const of = (attempts: readonly WebhookAttempt[], keep?: number) => defined(attemptsView(attempts, keep).byEndpoint.get(ENDPOINT), 'the endpoint');

describe('the attempts view', () => {
  it('counts the failures in a row for the head event, from its first failure', () => {
    const first = attempt({ attempt: 1 });
    const view = of([first, attempt({ attempt: 2 }), attempt({ attempt: 3 })]);
    expect(view).toMatchObject({ headEventId: E1, failuresInARow: 3, failingSince: first.at });
    expect(view.delivered.size).toBe(0);
  });

  it('a delivery resets the count and moves the cursor; a failure of the next event counts from 1', () => {
    const next = attempt({ eventId: E2, feedOffset: '11' });
    const view = of([attempt({}), attempt({ outcome: 'delivered', attempt: 2 }), next]);
    expect(view).toMatchObject({ headEventId: E2, failuresInARow: 1, failingSince: next.at });
    expect(view.delivered.get(2)).toBe('10');
  });

  it('keeps the highest delivered offset per partition, compared as 64-bit numbers', () => {
    const view = of([
      attempt({ outcome: 'delivered', feedOffset: '9007199254740993' }),
      attempt({ outcome: 'delivered', feedOffset: '99' }),
      attempt({ outcome: 'delivered', feedOffset: '5', partition: 4 }),
    ]);
    expect(view.delivered.get(2)).toBe('9007199254740993');
    expect(view.delivered.get(4)).toBe('5');
    expect(view.failuresInARow).toBe(0);
  });

  it('keeps only the last N attempts, oldest first', () => {
    const attempts = Array.from({ length: 7 }, (_, i) => attempt({ attempt: i + 1 }));
    expect(of(attempts, 3).recent).toEqual(attempts.slice(-3));
  });

  it('keeps endpoints apart; applyAttempt leaves the earlier view as it was', () => {
    const before = attemptsView([attempt({})]);
    const after = applyAttempt(before, attempt({ endpointId: OTHER, outcome: 'delivered' }));
    expect(after.byEndpoint.get(ENDPOINT)?.failuresInARow).toBe(1);
    expect(after.byEndpoint.get(OTHER)?.delivered.get(2)).toBe('10');
    expect(before.byEndpoint.has(OTHER)).toBe(false);
    expect(emptyAttemptsView(5)).toEqual({ keep: 5, byEndpoint: new Map() });
  });

  it.each<[string, string, readonly WebhookAttempt[], string]>([
    ['nothing delivered: from startAfter', '17', [], '17'],
    ['delivered beyond startAfter: the next offset', '17', [attempt({ outcome: 'delivered', feedOffset: '20' })], '21'],
    ['delivered before startAfter (an older endpoint id reused): startAfter', '17', [attempt({ outcome: 'delivered', feedOffset: '3' })], '17'],
    ['a partition without startAfter: from 0', 'none', [], '0'],
  ])('firstUndeliveredOffset: %s', (_name, start, attempts, expected) => {
    const startAfter = start === 'none' ? [] : [{ partition: 2, offset: start }];
    const view = attempts.length === 0 ? undefined : of(attempts);
    expect(firstUndeliveredOffset({ startAfter }, view, 2)).toBe(expected);
  });
});

import { endpointCursor } from '@firstsync/pharmacy-events';
import { describe, expect, it } from 'vitest';
import { afterFailure, disabledReason, nextEntry, retryStateOf } from '../src/dispatch/loop-step';
import { attempt, feedEntry, pharmacyEvent } from './dispatch-fixtures';

describe('endpointCursor', () => {
  const startAfter = [
    { partition: 1, offset: '40' },
    { partition: 2, offset: '10' },
  ];

  it('starts just before the endpoint partition start offset', () => {
    expect(endpointCursor({ startAfter }, 2, undefined)).toBe(9n);
    expect(endpointCursor({ startAfter }, 1, undefined)).toBe(39n);
  });

  it('starts from the beginning of a partition the endpoint had no start for', () => {
    expect(endpointCursor({ startAfter }, 5, undefined)).toBe(-1n);
    expect(endpointCursor({ startAfter: [] }, 0, undefined)).toBe(-1n);
  });

  it('resumes after the highest delivered offset, never before the start', () => {
    expect(endpointCursor({ startAfter }, 2, 25n)).toBe(25n);
    expect(endpointCursor({ startAfter }, 2, 3n)).toBe(9n);
  });

  it('carries on after the position its owner accepted a gap at, on that partition only', () => {
    const resumeAfter = { partition: 2, offset: '500' };
    expect(endpointCursor({ startAfter, resumeAfter }, 2, 25n)).toBe(500n);
    expect(endpointCursor({ startAfter, resumeAfter }, 2, 700n)).toBe(700n);
    expect(endpointCursor({ startAfter, resumeAfter }, 1, undefined)).toBe(39n);
  });
});

describe('nextEntry', () => {
  const accepted = feedEntry(5n, pharmacyEvent('consultation.accepted'));
  const delivered = feedEntry(6n, pharmacyEvent('consultation.delivered'));

  it('sends the first subscribed event in feed order', () => {
    expect(nextEntry([accepted, delivered], ['consultation.accepted', 'consultation.delivered'])).toEqual({ kind: 'send', entry: accepted });
    expect(nextEntry([accepted, delivered], ['consultation.delivered'])).toEqual({ kind: 'send', entry: delivered });
  });

  it('skips a page with nothing subscribed, and waits on an empty one', () => {
    expect(nextEntry([accepted, delivered], ['consultation.rejected'])).toEqual({ kind: 'skip', cursor: 6n });
    expect(nextEntry([], ['consultation.rejected'])).toEqual({ kind: 'wait' });
  });
});

describe('retryStateOf', () => {
  const eventId = '0d5f5f8e-9c4e-4b0a-9f57-2b1b0f6d8a11';

  it('counts failed attempts of the event, continuing the schedule another instance started', () => {
    const attempts = [
      attempt({ eventId, outcome: 'failed', at: '2026-03-10T12:00:05.000Z', nextAttemptAt: '2026-03-10T12:05:05.000Z' }),
      attempt({ eventId, outcome: 'failed', at: '2026-03-10T12:00:00.000Z', nextAttemptAt: '2026-03-10T12:00:05.000Z' }),
      attempt({ eventId: '1d5f5f8e-9c4e-4b0a-9f57-2b1b0f6d8a11', outcome: 'failed', at: '2026-03-10T11:00:00.000Z' }),
      attempt({ eventId: '2d5f5f8e-9c4e-4b0a-9f57-2b1b0f6d8a11', outcome: 'delivered', at: '2026-03-10T11:00:00.000Z' }),
    ];
    expect(retryStateOf(attempts, eventId, undefined)).toEqual({
      eventId,
      failures: 2,
      since: '2026-03-10T12:00:00.000Z',
      notBefore: Date.parse('2026-03-10T12:05:05.000Z'),
    });
  });

  it('does not count attempts from before the endpoint last changed (re-enabled: a fresh schedule)', () => {
    const attempts = [attempt({ eventId, outcome: 'failed', at: '2026-03-10T12:00:00.000Z' })];
    expect(retryStateOf(attempts, eventId, '2026-03-10T13:00:00.000Z')).toEqual({ eventId, failures: 0 });
    expect(retryStateOf([], eventId, undefined)).toEqual({ eventId, failures: 0 });
  });
});

describe('afterFailure', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  const schedule = [0, 100, 200];
  const middle = () => 0.5; // no jitter

  it('waits the schedule delay before the next attempt, then gives up', () => {
    expect(afterFailure(1, schedule, middle, now)).toEqual({ kind: 'retry', delayMs: 100, nextAttemptAt: new Date(now.getTime() + 100) });
    expect(afterFailure(2, schedule, middle, now)).toEqual({ kind: 'retry', delayMs: 200, nextAttemptAt: new Date(now.getTime() + 200) });
    expect(afterFailure(3, schedule, middle, now)).toEqual({ kind: 'exhausted' });
  });

  it('jitters within 20%', () => {
    const low = afterFailure(1, schedule, () => 0, now);
    const high = afterFailure(1, schedule, () => 0.999999, now);
    expect(low.kind === 'retry' && low.delayMs).toBe(80);
    expect(high.kind === 'retry' && high.delayMs).toBe(120);
  });
});

describe('disabledReason', () => {
  it('says how often, since when and the last error, with nothing from the response body', () => {
    expect(disabledReason(8, '2026-03-10T12:00:00.000Z', 'http-status', 503)).toBe(
      'delivery failed 8 times since 2026-03-10T12:00:00.000Z; last error: HTTP 503',
    );
    expect(disabledReason(3, undefined, 'timeout', undefined)).toBe('delivery failed 3 times; last error: timeout');
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { callDeadline } from '../src/call-deadline';

describe('callDeadline', () => {
  it('aborts with a TimeoutError once the time is up', async () => {
    const deadline = callDeadline(20);
    expect(deadline.signal.aborted).toBe(false);
    await sleep(60);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut).toBe(true);
    expect((deadline.signal.reason as Error).name).toBe('TimeoutError');
  });

  it('aborts with the stop signal and its reason when that comes first, without counting as timed out', () => {
    const stop = new AbortController();
    const deadline = callDeadline(10_000, stop.signal);
    const reason = new Error('stopping');
    stop.abort(reason);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(reason);
    expect(deadline.timedOut).toBe(false);
    deadline.done();
  });

  it('keeps no timer once the call is done: the signal never aborts afterwards', async () => {
    const stop = new AbortController();
    const deadline = callDeadline(20, stop.signal);
    let aborted = 0;
    deadline.signal.addEventListener('abort', () => {
      aborted += 1;
    });
    deadline.done();
    await sleep(60);
    expect([deadline.signal.aborted, deadline.timedOut, aborted]).toEqual([false, false, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { createLimiter, sleep } from '../src/dispatch/limiter';

describe('createLimiter', () => {
  it('never lets more than max through and serves waiters in order', async () => {
    const limiter = createLimiter(2);
    const signal = new AbortController().signal;
    const a = await limiter.acquire(signal);
    const b = await limiter.acquire(signal);
    const order: string[] = [];
    const c = limiter.acquire(signal).then((release) => {
      order.push('c');
      return release;
    });
    const d = limiter.acquire(signal).then((release) => {
      order.push('d');
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    expect(limiter.inFlight).toBe(2);
    a?.();
    a?.(); // a second release of the same slot is ignored
    await c;
    expect(order).toEqual(['c']);
    b?.();
    (await d)?.();
    (await c)?.();
    expect(order).toEqual(['c', 'd']);
    expect(limiter.inFlight).toBe(0);
  });

  it('drops a waiter whose signal aborts, without taking a slot', async () => {
    const limiter = createLimiter(1);
    const release = await limiter.acquire(new AbortController().signal);
    const stop = new AbortController();
    const waiting = limiter.acquire(stop.signal);
    stop.abort();
    expect(await waiting).toBeUndefined();
    release?.();
    expect(limiter.inFlight).toBe(0);
    expect(await limiter.acquire(stop.signal)).toBeUndefined();
  });
});

describe('sleep', () => {
  it('ends early when aborted', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const slept = sleep(10_000, stop.signal);
    stop.abort();
    expect(await slept).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await sleep(1, new AbortController().signal)).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keptAdmin } from '../src/adapters/kept-admin';

/** Admins are numbered by when they were opened; `closed` lists the ones closed. */
function rig(timing = { idleMs: 1_000, maxAgeMs: 60_000 }, failOpen = () => false) {
  let opened = 0;
  const closed: number[] = [];
  const kept = keptAdmin(
    async () => {
      if (failOpen()) throw new Error('broker unreachable');
      opened += 1;
      return opened;
    },
    async (admin) => {
      closed.push(admin);
    },
    timing,
  );
  return { kept, closed, opened: () => opened };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('keptAdmin: one admin connection between frequent calls', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reuses the admin for calls in a row and for calls side by side', async () => {
    const { kept, opened, closed } = rig();
    const seen = [await kept.use(async (a) => a), await kept.use(async (a) => a)];
    seen.push(...(await Promise.all([kept.use(async (a) => a), kept.use(async (a) => a)])));
    expect(seen).toEqual([1, 1, 1, 1]);
    expect(opened()).toBe(1);
    expect(closed).toEqual([]);
  });

  it('closes the admin after idleMs without a call, and opens a new one for the next call', async () => {
    const { kept, closed } = rig();
    await kept.use(async (a) => a);
    vi.advanceTimersByTime(999);
    await settle();
    expect(closed).toEqual([]);
    vi.advanceTimersByTime(1);
    await settle();
    expect(closed).toEqual([1]);
    expect(await kept.use(async (a) => a)).toBe(2);
  });

  it('replaces an admin a call failed on, once the calls using it have ended', async () => {
    const { kept, closed } = rig();
    let finishSlow: (value: number) => void = () => undefined;
    const slow = kept.use((a) => new Promise<number>((resolve) => (finishSlow = () => resolve(a))));
    await expect(kept.use(async () => Promise.reject(new Error('NOT_LEADER')))).rejects.toThrow('NOT_LEADER');
    await settle();
    expect(closed).toEqual([]);
    expect(await kept.use(async (a) => a)).toBe(2);
    finishSlow(0);
    expect(await slow).toBe(1);
    await settle();
    expect(closed).toEqual([1]);
  });

  it('replaces an admin once it is maxAgeMs old, so topic metadata is never older than that', async () => {
    const { kept, closed } = rig({ idleMs: 10_000, maxAgeMs: 3_000 });
    for (let second = 0; second < 3; second += 1) {
      expect(await kept.use(async (a) => a)).toBe(1);
      vi.advanceTimersByTime(1_000);
    }
    expect(await kept.use(async (a) => a)).toBe(2);
    await settle();
    expect(closed).toEqual([1]);
  });

  it('tries to open again after a failed open', async () => {
    let fail = true;
    const { kept } = rig(undefined, () => fail);
    await expect(kept.use(async (a) => a)).rejects.toThrow('broker unreachable');
    fail = false;
    expect(await kept.use(async (a) => a)).toBe(1);
  });
});

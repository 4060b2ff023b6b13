import { NotCaughtUpError } from '@firstsync/kafka';
import { describe, expect, it } from 'vitest';
import { catchUpPatiently } from '../src/state/catch-up-patiently';

describe('catchUpPatiently (delivery start-up on a slow node)', () => {
  it('keeps waiting through timeouts, reporting each, instead of failing the start (a crash loop)', async () => {
    let calls = 0;
    const slow: number[] = [];
    const caughtUp = await catchUpPatiently(
      async (timeoutMs) => {
        calls += 1;
        expect(timeoutMs).toBe(1_000);
        if (calls < 3) throw new NotCaughtUpError('state not caught up within 1000 ms');
      },
      1_000,
      (waitedMs) => slow.push(waitedMs),
    );
    expect(caughtUp).toBe(true);
    expect(calls).toBe(3);
    expect(slow).toEqual([1_000, 2_000]);
  });

  it('gives up at once when the service is stopped mid-wait (a SIGTERM during start-up must not wait for the rebuild)', async () => {
    const stop = new AbortController();
    const never = () => new Promise<void>(() => undefined);
    const waiting = catchUpPatiently(never, 60_000, () => {}, stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBe(false);
    await expect(catchUpPatiently(never, 60_000, () => {}, stop.signal)).resolves.toBe(false);
  });

  it('fails on anything but slowness', async () => {
    const broken = async () => {
      throw new Error('topic does not exist');
    };
    await expect(catchUpPatiently(broken, 1_000, () => {})).rejects.toThrow('topic does not exist');
  });
});

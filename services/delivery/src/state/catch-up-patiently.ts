import { NotCaughtUpError } from '@firstsync/kafka';

/**
 * Waits until the state has caught up, however long that takes. Slow is not broken: on a loaded
 * node or after a long outage the rebuild can outlast one timeout, and exiting then would only
 * start it again from nothing (a crash loop). `onSlow` hears of each timeout that passed; any other
 * failure is thrown.
 */
export async function catchUpPatiently(catchUp: (timeoutMs: number) => Promise<void>, timeoutMs: number, onSlow: (waitedMs: number) => void): Promise<void> {
  for (let waitedMs = timeoutMs; ; waitedMs += timeoutMs) {
    try {
      await catchUp(timeoutMs);
      return;
    } catch (err) {
      if (!(err instanceof NotCaughtUpError)) throw err;
      onSlow(waitedMs);
    }
  }
}

import { NotCaughtUpError } from '@firstsync/kafka';

/**
 * Waits until the state has caught up, however long that takes. Slow is not broken: on a loaded
 * node or after a long outage the rebuild can outlast one timeout, and exiting then would only
 * start it again from nothing (a crash loop). `onSlow` hears of each timeout that passed; any other
 * failure is thrown. A stop (the signal) ends the wait at once: resolves false, not caught up.
 */
export async function catchUpPatiently(
  catchUp: (timeoutMs: number) => Promise<void>,
  timeoutMs: number,
  onSlow: (waitedMs: number) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  const stopped = new Promise<'stopped'>((resolve) => signal?.addEventListener('abort', () => resolve('stopped'), { once: true }));
  for (let waitedMs = timeoutMs; !signal?.aborted; waitedMs += timeoutMs) {
    try {
      // A rejection after the stop won is still handled: race subscribes to both.
      return (await Promise.race([catchUp(timeoutMs), stopped])) !== 'stopped';
    } catch (err) {
      if (!(err instanceof NotCaughtUpError)) throw err;
      onSlow(waitedMs);
    }
  }
  return false;
}

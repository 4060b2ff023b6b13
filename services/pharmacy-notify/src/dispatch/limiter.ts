/**
 * A counting semaphore for requests in flight. Waiters are served in arrival order; a waiter whose
 * signal aborts leaves the queue at once (a stopping loop must not wait for a slot).
 */
export interface Limiter {
  /** Resolves with a release function, or with undefined when the signal aborted first. */
  acquire(signal: AbortSignal): Promise<(() => void) | undefined>;
  readonly inFlight: number;
}

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new Error('limiter needs at least one slot');
  let inFlight = 0;
  const waiters: Array<() => void> = [];

  function releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiters.shift();
      // The slot passes straight to the next waiter, so a burst of releases cannot overshoot `max`.
      if (next) next();
      else inFlight -= 1;
    };
  }

  return {
    get inFlight() {
      return inFlight;
    },
    acquire(signal) {
      if (signal.aborted) return Promise.resolve(undefined);
      if (inFlight < max) {
        inFlight += 1;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve) => {
        const grant = () => {
          signal.removeEventListener('abort', onAbort);
          resolve(releaser());
        };
        const onAbort = () => {
          const index = waiters.indexOf(grant);
          if (index >= 0) waiters.splice(index, 1);
          resolve(undefined);
        };
        waiters.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** Waits `ms`, or less if the signal aborts; true when the full time passed. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

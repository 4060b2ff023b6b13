/** How `retryTransient` retries. */
export interface RetryTransientOptions {
  /** After this long, the last error is thrown instead of trying again. */
  readonly withinMs: number;
  /** Errors worth another try; any other is thrown at once. */
  readonly isTransient: (err: unknown) => boolean;
  /** The wait before the next try grows by this much per failed try... */
  readonly backoffMs: number;
  /** ... up to this. */
  readonly maxBackoffMs: number;
  /** Told of each failure that will be tried again (for a log line). */
  readonly onRetry?: (err: unknown, attempt: number) => void;
}

/**
 * Runs `work` until it succeeds, while its failures are transient and the deadline has not passed.
 * A broker that is starting, a topic created a moment ago, a leader moving after a restart: each
 * clears within seconds on a quiet machine and took tens of seconds on a loaded one.
 */
export async function retryTransient<T>(work: () => Promise<T>, options: RetryTransientOptions): Promise<T> {
  const deadline = Date.now() + options.withinMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (err) {
      if (!options.isTransient(err) || Date.now() >= deadline) throw err;
      options.onRetry?.(err, attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.min(options.backoffMs * attempt, options.maxBackoffMs)));
    }
  }
}

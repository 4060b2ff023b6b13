/**
 * Token bucket, pure: the caller keeps the state and passes the time in, so the rule can be tested
 * without waiting and the same function serves any store (a Map here; Redis if ingest is scaled out
 * and limits must hold across instances).
 */
export interface TokenBucketSettings {
  /** Tokens the bucket holds when full: the burst a client may send at once. */
  readonly capacity: number;
  /** Tokens added per second: the sustained rate. */
  readonly refillPerSecond: number;
}

export interface BucketState {
  readonly tokens: number;
  readonly updatedAtMs: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  readonly state: BucketState;
  /** Whole seconds until the request would be allowed (0 when allowed); for `Retry-After`. */
  readonly retryAfterSeconds: number;
}

export function takeToken(state: BucketState | undefined, settings: TokenBucketSettings, nowMs: number, cost = 1): TakeResult {
  const previous = state ?? { tokens: settings.capacity, updatedAtMs: nowMs };
  // A clock that steps backwards must not mint tokens or drain them.
  const elapsedMs = Math.max(0, nowMs - previous.updatedAtMs);
  const tokens = Math.min(settings.capacity, previous.tokens + (elapsedMs / 1000) * settings.refillPerSecond);
  if (tokens >= cost) {
    return { allowed: true, state: { tokens: tokens - cost, updatedAtMs: nowMs }, retryAfterSeconds: 0 };
  }
  const missing = cost - tokens;
  return {
    allowed: false,
    state: { tokens, updatedAtMs: nowMs },
    retryAfterSeconds: Math.max(1, Math.ceil(missing / settings.refillPerSecond)),
  };
}

export interface RateLimiter {
  take(clientName: string): TakeResult;
}

/** One bucket per API key. The set of keys is fixed by configuration, so the map cannot grow unbounded. */
export function createRateLimiter(settings: TokenBucketSettings, now: () => number): RateLimiter {
  const buckets = new Map<string, BucketState>();
  return {
    take(clientName) {
      const result = takeToken(buckets.get(clientName), settings, now());
      buckets.set(clientName, result.state);
      return result;
    },
  };
}

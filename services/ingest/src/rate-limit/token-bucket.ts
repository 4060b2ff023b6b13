/**
 * Token bucket, pure: the caller keeps the state and passes the time in, so the rule can be tested
 * without waiting and the same function serves any store (a Map here). Scaled out, each instance
 * holds its share of the system's figures (instanceShare), not a shared bucket.
 */
export interface TokenBucketSettings {
  /** Tokens the bucket holds when full: the burst a client may send at once. */
  readonly capacity: number;
  /** Tokens added per second: the sustained rate. */
  readonly refillPerSecond: number;
}

/**
 * One instance's bucket when `instances` ingest processes serve the same pharmacies behind one
 * address: the configured figures are the whole system's, and a load balancer spreads a pharmacy's
 * requests about evenly, so each instance enforces 1/N of the rate and of the burst. The burst is
 * rounded down, so the shares add up to no more than configured, but kept at one token at least
 * (with more instances than burst tokens), or no request could ever pass. A count that is not a
 * whole number above one leaves the figures as they are.
 */
export function instanceShare(system: TokenBucketSettings, instances: number): TokenBucketSettings {
  const n = Number.isInteger(instances) && instances > 1 ? instances : 1;
  return { capacity: Math.max(1, Math.floor(system.capacity / n)), refillPerSecond: system.refillPerSecond / n };
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

export interface TakeUpToResult {
  /** Tokens taken: `wanted`, or as many whole tokens as the bucket held. */
  readonly granted: number;
  readonly state: BucketState;
  /** Whole seconds until the bucket holds what was not granted, or as much of it as it can hold (0 when all was granted). */
  readonly retryAfterSeconds: number;
}

/**
 * Up to `wanted` tokens at once, as many as the bucket holds: a batch's items each cost one, and
 * the ones beyond the bucket are refused on their own (the batch answers per item).
 */
export function takeTokensUpTo(state: BucketState | undefined, settings: TokenBucketSettings, nowMs: number, wanted: number): TakeUpToResult {
  const previous = state ?? { tokens: settings.capacity, updatedAtMs: nowMs };
  // A clock that steps backwards must not mint tokens or drain them.
  const elapsedMs = Math.max(0, nowMs - previous.updatedAtMs);
  const tokens = Math.min(settings.capacity, previous.tokens + (elapsedMs / 1000) * settings.refillPerSecond);
  const granted = Math.max(0, Math.min(wanted, Math.floor(tokens)));
  const left = tokens - granted;
  const missing = wanted - granted;
  // More than the bucket can ever hold is asked back in bucket-sized parts.
  const retryAfterSeconds = missing <= 0 ? 0 : Math.max(1, Math.ceil((Math.min(missing, settings.capacity) - left) / settings.refillPerSecond));
  return { granted, state: { tokens: left, updatedAtMs: nowMs }, retryAfterSeconds };
}

export function takeToken(state: BucketState | undefined, settings: TokenBucketSettings, nowMs: number): TakeResult {
  const { granted, state: next, retryAfterSeconds } = takeTokensUpTo(state, settings, nowMs, 1);
  return { allowed: granted === 1, state: next, retryAfterSeconds };
}

export interface RateLimiter {
  take(clientName: string): TakeResult;
  takeUpTo(clientName: string, wanted: number): TakeUpToResult;
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
    takeUpTo(clientName, wanted) {
      const result = takeTokensUpTo(buckets.get(clientName), settings, now(), wanted);
      buckets.set(clientName, result.state);
      return result;
    },
  };
}

/** A delay tier as configured: the topic is fixed by `id`, the delay is configurable per environment. */
export interface RetryTier {
  readonly id: string;
  readonly delayMs: number;
}

export interface RetryPolicy {
  readonly tiers: readonly RetryTier[];
  /** Attempts in total (the first one included) before a message is dead-lettered as exhausted. */
  readonly maxAttempts: number;
  /** ±fraction of the tier delay, so a practice's backlog does not come back as one thundering herd. */
  readonly jitterRatio: number;
  /** Time the fallback needs: no retry is scheduled later than `deadline - fallbackMarginMs`. */
  readonly fallbackMarginMs: number;
}

export interface AttemptInput {
  /** Number of the attempt that just failed (1 for the first). */
  readonly attempt: number;
  readonly firstAttemptAt: Date;
  readonly now: Date;
  /** When the GP practice must have been told (see notificationDeadline). */
  readonly deadline: Date;
}

export type NextAttempt =
  | { readonly kind: 'retry'; readonly attempt: number; readonly tier: RetryTier; readonly notBefore: Date }
  | { readonly kind: 'needs-fallback'; readonly reason: string }
  | { readonly kind: 'exhausted'; readonly reason: string };

/**
 * What follows a retryable failure. Pure: `random` is injected (tests pass a constant).
 * The n-th failure waits on tier n (the last tier repeats if maxAttempts allows more); a retry that
 * could not finish before the deadline leaves no time for the fallback, so the message is marked
 * for fallback instead.
 */
export function nextAttempt(input: AttemptInput, policy: RetryPolicy, random: () => number = Math.random): NextAttempt {
  const { attempt, now, deadline } = input;
  if (attempt >= policy.maxAttempts) return { kind: 'exhausted', reason: `${attempt} attempts made (maximum ${policy.maxAttempts})` };
  const tier = policy.tiers[Math.min(attempt - 1, policy.tiers.length - 1)];
  if (!tier) return { kind: 'exhausted', reason: 'no retry tiers configured' };
  const jitter = 1 + policy.jitterRatio * (2 * random() - 1);
  const notBefore = new Date(now.getTime() + Math.max(0, Math.round(tier.delayMs * jitter)));
  if (notBefore.getTime() + policy.fallbackMarginMs > deadline.getTime()) {
    return {
      kind: 'needs-fallback',
      reason: `next attempt at ${notBefore.toISOString()} would leave less than ${Math.round(policy.fallbackMarginMs / 60_000)} min before the notification deadline ${deadline.toISOString()}`,
    };
  }
  return { kind: 'retry', attempt: attempt + 1, tier, notBefore };
}

export interface RefusalInput {
  /** Breaker refusals in a row for this message, this one included (1 for the first). */
  readonly refusals: number;
  /** The real attempt that was not made (attempt numbers count only calls that went out). */
  readonly attempt: number;
  /** When the practice's breaker lets its next probe through. */
  readonly retryInMs: number;
  readonly now: Date;
  readonly deadline: Date;
}

/**
 * What follows a refusal by the practice's open breaker. Pure. Nothing was sent, so no attempt is
 * used up: the message waits, on the tier of its refusal count (so a long outage is revisited
 * less and less often, as attempts would be), but never before the breaker's next probe. A closing
 * breaker releases it early (see the retry tier consumer), so these waits only bound how often
 * the backlog is looked at while the practice stays down. The deadline still holds: a wait that
 * would leave no time for the fallback sends the message to the fallback instead.
 */
export function afterRefusal(input: RefusalInput, policy: RetryPolicy, random: () => number = Math.random): NextAttempt {
  const { now, deadline } = input;
  const tier = policy.tiers[Math.min(Math.max(input.refusals, 1) - 1, policy.tiers.length - 1)];
  if (!tier) return { kind: 'exhausted', reason: 'no retry tiers configured' };
  const jitter = 1 + policy.jitterRatio * (2 * random() - 1);
  const notBefore = new Date(now.getTime() + Math.max(input.retryInMs, Math.round(tier.delayMs * jitter)));
  if (notBefore.getTime() + policy.fallbackMarginMs > deadline.getTime()) {
    return {
      kind: 'needs-fallback',
      reason: `practice unavailable (circuit open); waiting until ${notBefore.toISOString()} would leave less than ${Math.round(policy.fallbackMarginMs / 60_000)} min before the notification deadline ${deadline.toISOString()}`,
    };
  }
  return { kind: 'retry', attempt: input.attempt, tier, notBefore };
}

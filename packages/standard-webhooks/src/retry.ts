const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Delay before each attempt, in ms: entry i is the wait before attempt i + 1 (the first is
 * immediate). It sums to about 37.6 h, so even with every delay jittered 20% short the retries
 * span more than 24 h before an endpoint is disabled.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR, 10 * HOUR];

/** Each delay is moved by up to this fraction either way, so failed endpoints do not retry in lockstep. */
export const RETRY_JITTER = 0.2;

/** Parses a comma-separated list of non-negative integer milliseconds (config WEBHOOK_RETRY_SCHEDULE_MS). */
export function parseRetrySchedule(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => !/^\d+$/.test(part))) {
    throw new TypeError('a retry schedule is a comma-separated list of non-negative integer milliseconds');
  }
  const schedule = parts.map(Number);
  if (schedule.some((ms) => !Number.isSafeInteger(ms))) throw new TypeError('a retry delay is too large');
  return schedule;
}

/**
 * How long to wait before the next attempt after attempt number `attempt` (1 = the first) failed,
 * jittered by +-RETRY_JITTER; undefined when the schedule is exhausted (the endpoint is disabled).
 * `random` returns [0, 1) like Math.random (injected so tests are deterministic).
 */
export function nextDelay(attempt: number, schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_MS, random: () => number = Math.random): number | undefined {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError('attempt numbers start at 1');
  const base = schedule[attempt];
  if (base === undefined) return undefined;
  return Math.max(0, Math.round(base * (1 + (random() * 2 - 1) * RETRY_JITTER)));
}

/** The number of attempts the schedule allows in all. */
export function maxAttempts(schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_MS): number {
  return schedule.length;
}

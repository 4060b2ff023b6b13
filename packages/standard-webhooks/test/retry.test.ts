import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_MS, maxAttempts, nextDelay, parseRetrySchedule, RETRY_JITTER } from '../src';

const DAY_MS = 24 * 60 * 60 * 1000;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('retry schedule', () => {
  it('lasts at least 24 h by default even when every delay is jittered short', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS[0]).toBe(0);
    const shortest = sum(Array.from({ length: maxAttempts() }, (_, i) => nextDelay(i + 1, DEFAULT_RETRY_SCHEDULE_MS, () => 0) ?? 0));
    expect(shortest).toBeGreaterThanOrEqual(DAY_MS);
    expect(sum(DEFAULT_RETRY_SCHEDULE_MS) * (1 - RETRY_JITTER)).toBeGreaterThanOrEqual(DAY_MS);
  });

  it('backs off: delays never shrink', () => {
    for (let i = 1; i < DEFAULT_RETRY_SCHEDULE_MS.length; i += 1) {
      expect(DEFAULT_RETRY_SCHEDULE_MS[i]).toBeGreaterThanOrEqual(DEFAULT_RETRY_SCHEDULE_MS[i - 1] ?? 0);
    }
  });

  it('jitters by at most 20% either way and is undefined once exhausted', () => {
    const schedule = [0, 1_000, 10_000];
    expect(nextDelay(1, schedule, () => 0.5)).toBe(1_000);
    expect(nextDelay(1, schedule, () => 0)).toBe(800);
    expect(nextDelay(1, schedule, () => 0.999_999)).toBe(1_200);
    expect(nextDelay(2, schedule, () => 0)).toBe(8_000);
    expect(nextDelay(3, schedule, () => 0.5)).toBeUndefined();
    for (let n = 0; n < 200; n += 1) {
      const delay = nextDelay(2, schedule) ?? -1;
      expect(delay).toBeGreaterThanOrEqual(8_000);
      expect(delay).toBeLessThanOrEqual(12_000);
    }
    expect(() => nextDelay(0, schedule)).toThrow(RangeError);
  });

  it('parses a comma list of milliseconds and refuses anything else', () => {
    expect(parseRetrySchedule('0, 50,200 ,1000')).toEqual([0, 50, 200, 1000]);
    expect(parseRetrySchedule('0')).toEqual([0]);
    for (const bad of ['', '1,,2', '-5', '1.5', '5s', 'a,b', '99999999999999999999']) expect(() => parseRetrySchedule(bad)).toThrow(TypeError);
  });
});

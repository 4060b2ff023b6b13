import { describe, expect, it } from 'vitest';
import { percentile, ratePerSecond, ratio, summarise } from '../src/stats/percentile';

describe('percentile (nearest rank)', () => {
  it('picks the value at the nearest rank of the sorted samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
  });

  it('is the single value for one sample and undefined for none', () => {
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('rejects percentiles outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });
});

describe('summarise', () => {
  it('reports count, p50, p99 and max', () => {
    const samples = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(summarise(samples)).toEqual({ count: 200, p50: 100, p99: 198, max: 200 });
  });

  it('leaves figures undefined when nothing was measured', () => {
    expect(summarise([])).toEqual({ count: 0, p50: undefined, p99: undefined, max: undefined });
  });
});

describe('ratePerSecond and ratio', () => {
  it('turns a count over a span of milliseconds into a rate', () => {
    expect(ratePerSecond(500, 1_000, 1_250)).toBe(2_000);
  });

  it('has no rate for an empty count or an empty span', () => {
    expect(ratePerSecond(0, 0, 1_000)).toBeUndefined();
    expect(ratePerSecond(10, 1_000, 1_000)).toBeUndefined();
  });

  it('divides only when both sides are known and the divisor is not 0', () => {
    expect(ratio(30, 60)).toBe(0.5);
    expect(ratio(undefined, 60)).toBeUndefined();
    expect(ratio(30, undefined)).toBeUndefined();
    expect(ratio(30, 0)).toBeUndefined();
  });
});

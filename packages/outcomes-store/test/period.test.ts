import { describe, expect, it } from 'vitest';
import { currentPeriod, parsePeriod, periodBuckets, previousPeriod, trailingPeriod, weekStart } from '../src/index';

describe('periods', () => {
  it('builds weeks from Monday and months from the 1st', () => {
    expect(weekStart('2024-10-06')).toBe('2024-09-30'); // a Sunday
    expect(weekStart('2024-09-30')).toBe('2024-09-30');
    expect(currentPeriod('week', '2024-10-02')).toEqual({ granularity: 'week', from: '2024-09-30', to: '2024-10-07' });
    expect(currentPeriod('month', '2024-02-29')).toEqual({ granularity: 'month', from: '2024-02-01', to: '2024-03-01' });
  });

  it('gives the previous period of the same length and the trailing year', () => {
    expect(previousPeriod({ granularity: 'month', from: '2024-09-01', to: '2024-11-01' })).toEqual({
      granularity: 'month',
      from: '2024-07-01',
      to: '2024-09-01',
    });
    expect(previousPeriod({ granularity: 'week', from: '2024-09-30', to: '2024-10-14' })).toEqual({
      granularity: 'week',
      from: '2024-09-16',
      to: '2024-09-30',
    });
    const year = trailingPeriod('month', '2025-03-15', 12);
    expect(year).toEqual({ granularity: 'month', from: '2024-04-01', to: '2025-04-01' });
    expect(periodBuckets(year)).toHaveLength(12);
    expect(periodBuckets({ granularity: 'week', from: '2024-12-23', to: '2025-01-06' })).toEqual(['2024-12-23', '2024-12-30']);
  });

  it('checks untrusted periods without echoing them', () => {
    expect(parsePeriod({ granularity: 'week', from: '2024-10-01', to: '2024-10-08' })).toEqual({ error: 'from and to must be Mondays' });
    expect(parsePeriod({ granularity: 'month', from: '2024-02-30', to: '2024-04-01' })).toEqual({ error: 'from and to must be real calendar dates' });
    expect(parsePeriod({ granularity: 'day', from: '2024-10-01', to: '2024-10-08' })).toEqual({ error: "granularity must be 'week' or 'month'" });
    expect(parsePeriod({ granularity: 'month', from: '2024-11-01', to: '2024-10-01' })).toEqual({ error: 'from must be before to' });
    expect(parsePeriod({ granularity: 'month', from: '2000-01-01', to: '2050-01-01' })).toEqual({ error: 'a period spans at most 520 weeks or months' });
    expect(parsePeriod({ granularity: 'month', from: '2024-10-01', to: '2024-12-01' })).toEqual({ granularity: 'month', from: '2024-10-01', to: '2024-12-01' });
  });
});

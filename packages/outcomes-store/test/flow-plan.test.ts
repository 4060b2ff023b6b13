import { describe, expect, it } from 'vitest';
import { flowPlan } from '../src/flow-plan';

describe('flows of a period: whole months, and days from the facts', () => {
  it('takes months whole and a period inside one month from the facts', () => {
    expect(flowPlan({ granularity: 'month', from: '2024-09-01', to: '2024-11-01' })).toEqual({ months: { from: '2024-09-01', to: '2024-11-01' }, days: [] });
    expect(flowPlan({ granularity: 'week', from: '2024-09-09', to: '2024-09-23' })).toEqual({
      months: null,
      days: [{ from: '2024-09-09', to: '2024-09-23', sign: 1 }],
    });
  });

  it('adds the days inside the period at either end, or takes the days outside it off a whole month when fewer', () => {
    // A week across a month end: a day of September, six of October, no whole month.
    expect(flowPlan({ granularity: 'week', from: '2024-09-30', to: '2024-10-07' })).toEqual({
      months: null,
      days: [
        { from: '2024-09-30', to: '2024-10-01', sign: 1 },
        { from: '2024-10-01', to: '2024-10-07', sign: 1 },
      ],
    });
    // 52 weeks from Monday 30 December 2024: two days of December 2024 added, December 2025 less its last three days.
    expect(flowPlan({ granularity: 'week', from: '2024-12-30', to: '2025-12-29' })).toEqual({
      months: { from: '2025-01-01', to: '2026-01-01' },
      days: [
        { from: '2024-12-30', to: '2025-01-01', sign: 1 },
        { from: '2025-12-29', to: '2026-01-01', sign: -1 },
      ],
    });
    // Both ends taken off: September less the 1st, October less the 28th to the 31st.
    expect(flowPlan({ granularity: 'week', from: '2024-09-02', to: '2024-10-28' })).toEqual({
      months: { from: '2024-09-01', to: '2024-11-01' },
      days: [
        { from: '2024-09-01', to: '2024-09-02', sign: -1 },
        { from: '2024-10-28', to: '2024-11-01', sign: -1 },
      ],
    });
  });
});

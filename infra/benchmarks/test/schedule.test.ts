import { describe, expect, it } from 'vitest';
import { sendSchedule } from '../src/stats/schedule';

describe('sendSchedule (open-loop slots)', () => {
  it('spaces requests evenly at the offered rate for the duration', () => {
    const slots = sendSchedule(200, 1_000);
    expect(slots).toHaveLength(200);
    expect(slots[0]).toBe(0);
    expect(slots[1]).toBe(5);
    expect(slots[199]).toBe(995);
  });

  it('rounds a partial last slot down', () => {
    expect(sendSchedule(3, 1_500)).toEqual([0, 1000 / 3, 2000 / 3, 1000]);
  });

  it('is empty for a zero or negative rate or duration', () => {
    expect(sendSchedule(0, 1_000)).toEqual([]);
    expect(sendSchedule(100, 0)).toEqual([]);
    expect(sendSchedule(-5, 1_000)).toEqual([]);
  });
});

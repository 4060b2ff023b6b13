import { describe, expect, it } from 'vitest';
import { isWorkingDay, nextWorkingDay, notificationDeadline } from '../src/policy/working-days';

// Pharmacy First: the GP must hear the same or next working day. Deadline = close of day (18:30
// London) on the first working day after the consultation's date in England.
describe('notificationDeadline', () => {
  it.each([
    ['Monday -> Tuesday (GMT)', '2026-03-09T10:00:00Z', '2026-03-10T18:30:00.000Z'],
    ['Friday -> Monday', '2026-03-13T16:00:00Z', '2026-03-16T18:30:00.000Z'],
    ['Saturday -> Monday', '2026-03-14T09:00:00Z', '2026-03-16T18:30:00.000Z'],
    ['Sunday -> Monday', '2026-03-15T09:00:00Z', '2026-03-16T18:30:00.000Z'],
    ['Friday before the clocks change -> Monday in BST', '2026-03-27T12:00:00Z', '2026-03-30T17:30:00.000Z'],
    ['Thursday before Easter -> Tuesday after Easter Monday', '2026-04-02T11:00:00Z', '2026-04-07T17:30:00.000Z'],
    ['Friday before the spring bank holiday -> Tuesday', '2026-05-22T11:00:00Z', '2026-05-26T17:30:00.000Z'],
    ['Christmas Eve 2025 -> Monday 29th', '2025-12-24T11:00:00Z', '2025-12-29T18:30:00.000Z'],
    ['Christmas Eve 2026 -> Tuesday 29th (Boxing Day substitute on the 28th)', '2026-12-24T11:00:00Z', '2026-12-29T18:30:00.000Z'],
    ['Late Sunday UTC is Monday in London (BST)', '2026-06-14T23:30:00Z', '2026-06-16T17:30:00.000Z'],
    ['Summer bank holiday itself -> Tuesday', '2026-08-31T10:00:00Z', '2026-09-01T17:30:00.000Z'],
  ])('%s', (_label, consultationAt, deadline) => {
    expect(notificationDeadline(new Date(consultationAt)).toISOString()).toBe(deadline);
  });

  it('takes a configured close of day', () => {
    expect(notificationDeadline(new Date('2026-03-09T10:00:00Z'), { closeOfDay: '17:00' }).toISOString()).toBe('2026-03-10T17:00:00.000Z');
  });
});

describe('working days', () => {
  it.each([
    ['2026-03-10', true],
    ['2026-03-14', false],
    ['2026-03-15', false],
    ['2026-04-03', false],
    ['2026-04-06', false],
    ['2026-12-28', false],
    ['2027-03-29', false],
    ['2026-12-29', true],
  ])('%s working day: %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('skips a weekend followed by a bank holiday', () => {
    expect(nextWorkingDay('2026-05-01')).toBe('2026-05-05');
  });
});

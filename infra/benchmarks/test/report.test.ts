import { describe, expect, it } from 'vitest';
import { atLeast, atMost } from '../src/report/result';
import { formatNumber, markdownTable } from '../src/report/table';
import { cpuTicks, statusField } from '../src/system/memory';

describe('formatNumber', () => {
  it('keeps three significant figures below 100 and whole numbers above', () => {
    expect(formatNumber(0.123456)).toBe('0.123');
    expect(formatNumber(42.42)).toBe('42.4');
    expect(formatNumber(2345.6)).toBe('2,346');
  });

  it('shows a dash for what was not measured', () => {
    expect(formatNumber(undefined)).toBe('-');
    expect(formatNumber(Number.NaN)).toBe('-');
  });
});

describe('targets', () => {
  it('is unknown when the value was not measured', () => {
    expect(atLeast(undefined, 1)).toBeUndefined();
    expect(atMost(undefined, 1)).toBeUndefined();
  });

  it('compares inclusively', () => {
    expect(atLeast(0.6, 0.6)).toBe(true);
    expect(atLeast(0.59, 0.6)).toBe(false);
    expect(atMost(50, 50)).toBe(true);
    expect(atMost(51, 50)).toBe(false);
  });
});

describe('markdownTable', () => {
  it('has one row per metric, with limit, ratio, target and verdict', () => {
    const table = markdownTable([
      {
        scenario: 'ingest',
        status: 'ok',
        seconds: 1,
        notes: [],
        metrics: [{ name: 'req|s', value: 1500, unit: 'req/s', baseline: 3000, ratio: 0.5, target: '>= 0.6x', met: false }],
      },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('| ingest | req\\|s | 1,500 req/s | 3,000 req/s | 0.5x | >= 0.6x | NO |  |');
  });

  it('shows a skipped scenario with its reason', () => {
    const table = markdownTable([{ scenario: 'recovery', status: 'skipped', seconds: 0, reason: 'delivery did not start', metrics: [] }]);
    expect(table.split('\n')[2]).toBe('| recovery | skipped: delivery did not start |  |  |  |  |  |  |');
  });
});

describe('statusField', () => {
  const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  153600 kB\nVmRSS:\t  102400 kB\n';

  it('reads the kB value of a Vm line', () => {
    expect(statusField(status, 'VmHWM')).toBe(153_600);
    expect(statusField(status, 'VmRSS')).toBe(102_400);
  });

  it('is undefined when the line is absent', () => {
    expect(statusField('Name:\tnode\n', 'VmHWM')).toBeUndefined();
  });
});

describe('cpuTicks', () => {
  it('adds utime and stime, counting fields after the command name', () => {
    // Fields 14 and 15 of /proc/<pid>/stat; the command name here contains a space and a parenthesis.
    const stat = '4242 (node (main)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 11 0 100 0 0';
    expect(cpuTicks(stat)).toBe(325);
  });
});

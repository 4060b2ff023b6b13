import { describe, expect, it } from 'vitest';
import { atLeast, atMost, type BenchReport, type ScenarioResult } from '../src/report/result';
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

function report(runs: BenchReport['runs'], scenarios: BenchReport['scenarios'] = []): BenchReport {
  return {
    startedAt: '2026-12-02T00:00:00.000Z',
    finishedAt: '2026-12-02T00:10:00.000Z',
    machine: { cpus: 'cpu', cores: 2, memoryGb: 24, node: '24.22.3', platform: 'linux x64', loadAverage: [1, 1, 1] },
    broker: 'local-jvm',
    mode: 'full',
    clients: runs.map((run) => run.client),
    scenarios,
    runs,
  };
}

const ingest = (value: number, met: boolean, note?: string): ScenarioResult => ({
  scenario: 'ingest',
  status: 'ok',
  seconds: 1,
  notes: [],
  metrics: [{ name: 'req|s', value, unit: 'req/s', baseline: 3000, ratio: value / 3000, target: '>= 0.3x bare', met, ...(note ? { note } : {}) }],
});

describe('markdownTable', () => {
  it('has one row per metric and a value column per Kafka client, with limit, ratio, target and verdicts', () => {
    const table = markdownTable(
      report([
        { client: 'kafkajs', loadAverageAfter: [1, 1, 1], scenarios: [ingest(600, false, 'a')] },
        { client: 'platformatic', loadAverageAfter: [1, 1, 1], scenarios: [ingest(1500, true, 'b')] },
      ]),
    );
    const lines = table.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('| scenario | metric | kafkajs | platformatic | limit (same run) | target | met (kafkajs / platformatic) | note |');
    expect(lines[2]).toBe('| ingest | req\\|s | 600 req/s (0.2x) | 1,500 req/s (0.5x) | 3,000 req/s | >= 0.3x bare | NO / yes | kafkajs: a; platformatic: b |');
  });

  it('shows a scenario that does not use Kafka once, and a skipped scenario with its reason and client', () => {
    const mapping: ScenarioResult = { scenario: 'mapping', status: 'ok', seconds: 1, notes: [], metrics: [{ name: 'build', value: 40, unit: 'µs' }] };
    const skipped: ScenarioResult = { scenario: 'recovery', status: 'skipped', seconds: 0, reason: 'delivery did not start', metrics: [] };
    const lines = markdownTable(report([{ client: 'platformatic', loadAverageAfter: [1, 1, 1], scenarios: [skipped] }], [mapping])).split('\n');
    expect(lines[2]).toBe('| mapping | build | 40 µs |  |  |  |  |');
    expect(lines[3]).toBe('| recovery | skipped: delivery did not start (platformatic) |  |  |  |  |  |');
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

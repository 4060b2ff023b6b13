import type { BenchReport, Metric, ScenarioResult } from './result';

/** Rounds for reading: 3 significant figures below 100, whole numbers above. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-GB');
  return Number(value.toPrecision(3)).toString();
}

function metricRow(scenario: string, metric: Metric): string[] {
  const met = metric.met === undefined ? (metric.target ? '?' : '') : metric.met ? 'yes' : 'NO';
  return [
    scenario,
    metric.name,
    `${formatNumber(metric.value)} ${metric.unit}`.trim(),
    metric.baseline === undefined ? '' : `${formatNumber(metric.baseline)} ${metric.unit}`.trim(),
    metric.ratio === undefined ? '' : `${formatNumber(metric.ratio)}x`,
    metric.target ?? '',
    met,
    metric.note ?? '',
  ];
}

function scenarioRows(result: ScenarioResult): string[][] {
  if (result.status === 'skipped') {
    const rows = result.metrics.map((metric) => metricRow(result.scenario, metric));
    return [...rows, [result.scenario, `skipped: ${result.reason}`, '', '', '', '', '', '']];
  }
  return result.metrics.map((metric) => metricRow(result.scenario, metric));
}

const HEADER = ['scenario', 'metric', 'value', 'limit (same run)', 'ratio', 'target', 'met', 'note'];

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The results as a GitHub markdown table (what the README shows). */
export function markdownTable(scenarios: readonly ScenarioResult[]): string {
  const rows = scenarios.flatMap(scenarioRows);
  const lines = [HEADER, HEADER.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** One line naming the machine and date, printed above the table. */
export function machineLine(report: BenchReport): string {
  const { machine } = report;
  return `${report.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${machine.cores} x ${machine.cpus}, ${machine.memoryGb} GB RAM, ${machine.platform}, Node ${machine.node}, broker ${report.broker}, ${report.mode} run, load average at start ${machine.loadAverage.map((l) => l.toFixed(2)).join(' / ')}`;
}

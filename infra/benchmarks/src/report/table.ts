import type { BenchReport, Metric } from './result';

/** Rounds for reading: 3 significant figures below 100, whole numbers above. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-GB');
  return Number(value.toPrecision(3)).toString();
}

const metCell = (metric: Metric | undefined): string =>
  metric === undefined ? '' : metric.met === undefined ? (metric.target ? '?' : '') : metric.met ? 'yes' : 'NO';

function valueCell(metric: Metric | undefined): string {
  if (metric === undefined) return '';
  const value = `${formatNumber(metric.value)} ${metric.unit}`.trim();
  return metric.ratio === undefined ? value : `${value} (${formatNumber(metric.ratio)}x)`;
}

const distinct = (cells: readonly string[]): string[] => [...new Set(cells.filter((c) => c !== ''))];

/** "a" when every client has the same, else "kafkajs: a; platformatic: b" (only the clients that have one). */
function perClient(clients: readonly string[], cells: readonly string[]): string {
  const present = distinct(cells);
  if (present.length === 0) return '';
  if (present.length === 1 && cells.every((c) => c === present[0])) return present[0] ?? '';
  return clients
    .map((client, i) => (cells[i] ? `${client}: ${cells[i]}` : ''))
    .filter(Boolean)
    .join('; ');
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * The results as a GitHub markdown table (what the README shows): one row per metric, one value
 * column per Kafka client (the value, and its ratio to the limit in the same run in brackets).
 */
export function markdownTable(report: BenchReport): string {
  const clients = report.runs.map((run) => run.client);
  const header = ['scenario', 'metric', ...clients, 'limit (same run)', 'target', `met (${clients.join(' / ')})`, 'note'];
  const rows: string[][] = [];
  for (const result of report.scenarios) {
    for (const metric of result.metrics)
      rows.push([
        result.scenario,
        metric.name,
        valueCell(metric),
        ...clients.slice(1).map(() => 'same (no Kafka)'),
        metric.baseline === undefined ? '' : `${formatNumber(metric.baseline)} ${metric.unit}`,
        metric.target ?? '',
        metCell(metric),
        metric.note ?? '',
      ]);
    if (result.status === 'skipped') rows.push([result.scenario, `skipped: ${result.reason}`, ...clients.map(() => ''), '', '', '', '']);
  }
  // Row order: first appearance over the clients' runs.
  const keys: { scenario: string; metric: string }[] = [];
  const seen = new Set<string>();
  for (const run of report.runs)
    for (const result of run.scenarios)
      for (const metric of [...result.metrics, ...(result.status === 'skipped' ? [{ name: `skipped: ${result.reason}` }] : [])]) {
        const key = `${result.scenario}\u0000${metric.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        keys.push({ scenario: result.scenario, metric: metric.name });
      }
  for (const key of keys) {
    if (key.metric.startsWith('skipped: ')) {
      const who = report.runs.filter((run) =>
        run.scenarios.some((r) => r.scenario === key.scenario && r.status === 'skipped' && `skipped: ${r.reason}` === key.metric),
      );
      rows.push([key.scenario, `${key.metric} (${who.map((run) => run.client).join(', ')})`, ...clients.map(() => ''), '', '', '', '']);
      continue;
    }
    const metrics = report.runs.map((run) => run.scenarios.find((r) => r.scenario === key.scenario)?.metrics.find((m) => m.name === key.metric));
    const unit = metrics.find((m) => m !== undefined)?.unit ?? '';
    const baselines = metrics.map((m) => (m?.baseline === undefined ? '' : formatNumber(m.baseline)));
    const target = distinct(metrics.map((m) => m?.target ?? '')).join(' / ');
    rows.push([
      key.scenario,
      key.metric,
      ...metrics.map(valueCell),
      distinct(baselines).length === 0
        ? ''
        : `${distinct(baselines).length === 1 ? distinct(baselines)[0] : baselines.map((b) => b || '-').join(' / ')} ${unit}`,
      target,
      target ? metrics.map((m) => metCell(m) || '-').join(' / ') : '',
      perClient(
        clients,
        metrics.map((m) => m?.note ?? ''),
      ),
    ]);
  }
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

/** The scenarios' notes, once each (per client where they differ). */
export function reportNotes(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const result of report.scenarios) if (result.status === 'ok') for (const note of result.notes) lines.push(`${result.scenario}: ${note}`);
  const seen = new Set<string>();
  for (const run of report.runs)
    for (const result of run.scenarios) {
      if (result.status !== 'ok') continue;
      for (const note of result.notes) {
        const everywhere = report.runs.every((other) =>
          other.scenarios.some((r) => r.scenario === result.scenario && r.status === 'ok' && r.notes.includes(note)),
        );
        const line = everywhere ? `${result.scenario}: ${note}` : `${result.scenario} (${run.client}): ${note}`;
        if (seen.has(line)) continue;
        seen.add(line);
        lines.push(line);
      }
    }
  const loads = report.runs.map((run) => `${run.client} ${run.loadAverageAfter.map((l) => l.toFixed(2)).join(' / ')}`).join(', ');
  if (loads) lines.push(`load average after each client's scenarios: ${loads}`);
  return lines;
}

/** One line naming the machine and date, printed above the table. */
export function machineLine(report: BenchReport): string {
  const { machine } = report;
  return `${report.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${machine.cores} x ${machine.cpus}, ${machine.memoryGb} GB RAM, ${machine.platform}, Node ${machine.node}, broker ${report.broker}, ${report.mode} run, Kafka clients ${report.clients.join(', ')}, load average at start ${machine.loadAverage.map((l) => l.toFixed(2)).join(' / ')}${machine.loadAverageAtEnd ? `, at end ${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' / ')}` : ''}`;
}

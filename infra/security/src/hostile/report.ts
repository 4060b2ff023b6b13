import type { Counts } from './figures';
import type { HostileReport } from './run-hostile';

const refused = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ') || 'none';

const countsLine = (name: string, c: Counts) =>
  `${name.padEnd(10)} tried ${c.tried}, accepted (2xx) ${c.accepted}, redirected (3xx) ${c.redirected}, refused (4xx) ${Object.values(c.refused).reduce((a, b) => a + b, 0)} [${refused(c.refused)}], 5xx ${c.serverErrors}, no answer ${c.noAnswer}`;

/** Pure: the figures of a hostile-input run as text. */
export function formatHostileReport(report: HostileReport): string {
  const c = report.consultations;
  const lines = [
    `hostile-input run (seed ${report.seed}, ${(report.elapsedMs / 1000).toFixed(0)} s)`,
    countsLine('ingest', report.ingest),
    countsLine('dashboard', report.dashboard),
    `all        tried ${report.ingest.tried + report.dashboard.tried}, 5xx ${report.ingest.serverErrors + report.dashboard.serverErrors}`,
    `consultations carried ${c.carried}: accepted ${c.accepted}, refused [${refused(c.refused)}], accepted and delivered to the GP ${c.delivered}, accepted but NOT delivered ${c.accepted - c.delivered}`,
    `unusual names (${report.names[0]?.fields.map((f) => f.field).join(' | ') ?? ''}):`,
    ...report.names.map((n) => `  ${n.kind.padEnd(12)} ${n.label.padEnd(44)} ${n.fields.map((f) => f.outcome).join(' | ')}`),
    'checks:',
    ...report.checks.map((check) => `  ${check.result.toUpperCase().padEnd(7)} ${check.name}: ${check.detail}`),
  ];
  return lines.join('\n');
}

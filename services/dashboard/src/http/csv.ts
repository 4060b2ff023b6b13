import type { ConsultationView } from '../read-model/derive-consultation';

/** Columns of the export: identifiers, codes and times only, never patient data. */
export const CSV_COLUMNS = [
  'consultationId',
  'state',
  'pharmacyOds',
  'practiceOds',
  'service',
  'version',
  'correlationId',
  'receivedAt',
  'lastEventAt',
  'deliveredAt',
  'latencyMs',
  'attempts',
  'lastTransport',
  'lastCode',
  'resendRequested',
] as const satisfies readonly (keyof ConsultationView)[];

/**
 * RFC 4180 quoting, plus a leading apostrophe on cells a spreadsheet would run as a formula
 * (OWASP CSV injection): codes and messages come from upstream systems.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(views: readonly ConsultationView[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const view of views) lines.push(CSV_COLUMNS.map((column) => csvCell(view[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

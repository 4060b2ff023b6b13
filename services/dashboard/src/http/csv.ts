import { csvCell } from '../csv/csv-cell';
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

export function toCsv(views: readonly ConsultationView[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const view of views) lines.push(CSV_COLUMNS.map((column) => csvCell(view[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

import { ReferenceFileError, type ReferenceFileName } from './errors';

/** One CSV record with its position: the record number is the spreadsheet row number. */
export interface CsvRecord {
  readonly row: number;
  readonly cells: readonly string[];
}

/**
 * RFC 4180 CSV as NHS England publishes it and as a spreadsheet exports it: comma separated,
 * fields optionally in double quotes ("" inside one is a quote), quoted fields may hold commas and
 * line breaks (the ePCN workbook's headers do), CRLF or LF, an optional UTF-8 byte order mark.
 * Blank records are skipped; record numbers count them, so they stay the spreadsheet's rows.
 */
export function parseCsv(text: string, file: ReferenceFileName): CsvRecord[] {
  const records: CsvRecord[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let row = 1;
  const endField = () => {
    cells.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (cells.length > 1 || (cells[0] ?? '') !== '') records.push({ row, cells });
    cells = [];
  };
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        // A line break inside quotes is part of the cell: the record stays one spreadsheet row.
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i += 1;
      endRecord();
      row += 1;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new ReferenceFileError(file, row, undefined, 'a quoted field is never closed (a " is missing)');
  if (field !== '' || cells.length > 0 || fieldStarted) endRecord();
  return records;
}

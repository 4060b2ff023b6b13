import { calendarDateSchema, isGpPracticeOdsCode } from '@firstsync/contracts';
import type { CsvRecord } from './csv';
import { ReferenceFileError, type ReferenceFileName } from './errors';

/** Reads the cells of one record, each checked against what its column must hold. */
export class CellReader {
  constructor(
    private readonly file: ReferenceFileName,
    private readonly record: CsvRecord,
    private readonly columnNames: readonly string[],
  ) {}

  private fail(column: number, problem: string): never {
    throw new ReferenceFileError(this.file, this.record.row, column, problem, this.columnNames[column]);
  }

  text(column: number): string {
    return (this.record.cells[column] ?? '').trim();
  }

  optionalText(column: number): string | null {
    const value = this.text(column);
    return value === '' ? null : value;
  }

  /** A GP practice (prescribing cost centre) code: a letter and 5 digits. */
  practiceCode(column: number): string {
    const value = this.text(column);
    if (!isGpPracticeOdsCode(value)) this.fail(column, 'expected a GP practice ODS code (a letter and 5 digits)');
    return value;
  }

  /** A PCN code: U and 5 digits. */
  pcnCode(column: number): string {
    const value = this.text(column);
    if (!/^U[0-9]{5}$/.test(value)) this.fail(column, 'expected a PCN code (U and 5 digits)');
    return value;
  }

  /** An organisation code of 3 to 5 upper-case letters and digits (sub-ICB location, ICB, region). */
  organisationCode(column: number, what: string): string {
    const value = this.text(column);
    if (!/^[A-Z0-9]{3,5}$/.test(value)) this.fail(column, `expected ${what} code (3 to 5 upper-case letters and digits)`);
    return value;
  }

  optionalOrganisationCode(column: number, what: string): string | null {
    return this.text(column) === '' ? null : this.organisationCode(column, what);
  }

  /** A date as the published files write it (YYYYMMDD), as a spreadsheet exports it (DD/MM/YYYY), or ISO. */
  date(column: number): string {
    const value = this.text(column);
    const iso = isoDateOf(value);
    if (iso === undefined) this.fail(column, 'expected a date (YYYYMMDD, DD/MM/YYYY or YYYY-MM-DD)');
    return iso;
  }

  optionalDate(column: number): string | null {
    return this.text(column) === '' ? null : this.date(column);
  }

  oneOf<const T extends string>(column: number, allowed: readonly T[]): T {
    const value = this.text(column);
    const match = allowed.find((a) => a === value);
    if (match === undefined) this.fail(column, `expected one of ${allowed.join(', ')}`);
    return match;
  }

  /** Fails on this record's row, about the record as a whole. */
  failRow(problem: string): never {
    throw new ReferenceFileError(this.file, this.record.row, undefined, problem);
  }
}

function isoDateOf(value: string): string | undefined {
  let iso: string | undefined;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const british = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (compact) iso = `${compact[1]}-${compact[2]}-${compact[3]}`;
  else if (british) iso = `${british[3]}-${british[2]}-${british[1]}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) iso = value;
  return iso !== undefined && calendarDateSchema.safeParse(iso).success ? iso : undefined;
}

/** The two published ODS files the reference data is loaded from. */
export type ReferenceFileName = 'ePCN PCN Core Partner Details' | 'epraccur';

/** A spreadsheet column letter for a 0-based index (0 -> A, 26 -> AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * A reference file in the wrong layout: which file, row and column, and what was expected there.
 * Never the cell's content: a file in the wrong layout may hold anything in that cell.
 */
export class ReferenceFileError extends Error {
  override readonly name = 'ReferenceFileError';

  constructor(
    readonly file: ReferenceFileName,
    /** 1-based, as the spreadsheet numbers rows. */
    readonly row: number,
    /** 0-based column index, when the problem is one cell. */
    readonly column: number | undefined,
    readonly problem: string,
    /** The column's published name, when it has one. */
    readonly columnName?: string,
  ) {
    const where = column === undefined ? `row ${row}` : `row ${row}, column ${columnLetter(column)}${columnName ? ` (${columnName})` : ''}`;
    super(`${file}: ${where}: ${problem}`);
  }
}

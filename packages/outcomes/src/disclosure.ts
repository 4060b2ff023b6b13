/**
 * Statistical disclosure control for every figure the outcomes views show or export, pure.
 *
 * Primary rule (as NHS England's published statistics and OpenSAFELY do): a count of 0 is shown as
 * 0; a count of 1 to 7 is shown as `*`; any other count is rounded to the nearest 5 (8 and 9 show
 * as 10, 12 as 10, 13 as 15). Totals are computed from the true counts, then shown by the same
 * rule, so a total need not equal the sum of its shown cells.
 *
 * Secondary (complementary) rule, when totals are shown: in every row, every column, the row of
 * column totals and the column of row totals, either nothing is hidden or at least two figures
 * are, so no hidden figure is the difference between a total and the figures beside it. The
 * complement hidden is the smallest non-zero cell of that line (a total only when the line has
 * no other non-zero cell); hiding a zero would tell a reader the other hidden figure exactly.
 * This is the standard heuristic, not a linear-programming audit across lines; with every figure
 * rounded, a single line never pins a hidden small count to one value (property-tested).
 */

export const SUPPRESSED = '*';
export type DisclosedCount = number | typeof SUPPRESSED;

/** Counts from 1 to this are never shown. */
export const SMALL_COUNT_MAX = 7;
/** Shown counts are multiples of this. */
export const ROUNDING_BASE = 5;

function assertCount(count: number, where: string): void {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`${where}: a count must be a whole number of 0 or more`);
}

/** The primary rule for one count on its own: 0, `*` for 1-7, else rounded to the nearest 5. */
export function discloseCount(count: number): DisclosedCount {
  assertCount(count, 'discloseCount');
  if (count === 0) return 0;
  if (count <= SMALL_COUNT_MAX) return SUPPRESSED;
  return Math.round(count / ROUNDING_BASE) * ROUNDING_BASE;
}

/** A table of true counts: `counts[row][column]`. */
export interface CountTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly counts: readonly (readonly number[])[];
}

export interface DisclosedTotals {
  readonly rows: readonly DisclosedCount[];
  readonly columns: readonly DisclosedCount[];
  readonly grand: DisclosedCount;
}

export interface DisclosedTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly DisclosedCount[])[];
  /** null when the table is shown without totals (then only the primary rule applies). */
  readonly totals: DisclosedTotals | null;
}

export interface DisclosureOptions {
  /** Whether row, column and grand totals are shown (default true). */
  readonly totals?: boolean;
}

/** Every figure of a table with totals, flattened: cells, then row totals, column totals, the grand total. */
interface Layout {
  readonly values: number[];
  readonly isTotal: boolean[];
  /** Each line (row, column, totals row, totals column) as the figures whose sum relation it states. */
  readonly lines: number[][];
  /** For each figure, the lines it is in. */
  readonly linesOf: number[][];
}

function layoutOf(table: CountTable): Layout {
  const R = table.rows.length;
  const C = table.columns.length;
  const cell = (r: number, c: number) => r * C + c;
  const rowTotal = (r: number) => R * C + r;
  const columnTotal = (c: number) => R * C + R + c;
  const grand = R * C + R + C;
  const values: number[] = new Array(grand + 1).fill(0);
  const isTotal: boolean[] = new Array(grand + 1).fill(false);
  for (let r = 0; r < R; r += 1) {
    for (let c = 0; c < C; c += 1) {
      const count = table.counts[r]?.[c] ?? 0;
      values[cell(r, c)] = count;
      values[rowTotal(r)] = (values[rowTotal(r)] ?? 0) + count;
      values[columnTotal(c)] = (values[columnTotal(c)] ?? 0) + count;
      values[grand] = (values[grand] ?? 0) + count;
    }
  }
  for (let i = R * C; i <= grand; i += 1) isTotal[i] = true;
  const lines: number[][] = [];
  for (let r = 0; r < R; r += 1) lines.push([...Array.from({ length: C }, (_, c) => cell(r, c)), rowTotal(r)]);
  for (let c = 0; c < C; c += 1) lines.push([...Array.from({ length: R }, (_, r) => cell(r, c)), columnTotal(c)]);
  lines.push([...Array.from({ length: C }, (_, c) => columnTotal(c)), grand]);
  lines.push([...Array.from({ length: R }, (_, r) => rowTotal(r)), grand]);
  const linesOf: number[][] = values.map(() => []);
  lines.forEach((line, index) => {
    for (const figure of line) linesOf[figure]?.push(index);
  });
  return { values, isTotal, lines, linesOf };
}

/** The complement to hide in a line: smallest non-zero cell, then smallest non-zero total, then anything left. */
function complementIn(line: readonly number[], layout: Layout, hidden: readonly boolean[]): number | undefined {
  const rank = (i: number): [number, number, number] => {
    const value = layout.values[i] ?? 0;
    return [value === 0 ? 2 : layout.isTotal[i] ? 1 : 0, value, i];
  };
  let best: number | undefined;
  for (const i of line) {
    if (hidden[i]) continue;
    if (best === undefined) {
      best = i;
      continue;
    }
    const [a, b] = [rank(i), rank(best)];
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) best = i;
  }
  return best;
}

/** Hides complements until no line has exactly one hidden figure. */
function secondarySuppression(layout: Layout, hidden: boolean[]): void {
  const queue = layout.lines.map((_, index) => index);
  const queued = new Set(queue);
  for (let index = queue.pop(); index !== undefined; index = queue.pop()) {
    queued.delete(index);
    const line = layout.lines[index] ?? [];
    if (line.filter((i) => hidden[i]).length !== 1) continue;
    const complement = complementIn(line, layout, hidden);
    if (complement === undefined) continue;
    hidden[complement] = true;
    for (const other of layout.linesOf[complement] ?? []) {
      if (queued.has(other)) continue;
      queued.add(other);
      queue.push(other);
    }
  }
}

/**
 * The table as it may be published: cells and (by default) totals under the primary rule, plus
 * complementary suppression so no hidden figure follows from a total and the figures beside it.
 * Throws a RangeError (naming the position, never a value) on a malformed table.
 */
export function discloseTable(table: CountTable, options: DisclosureOptions = {}): DisclosedTable {
  if (table.counts.length !== table.rows.length) throw new RangeError('discloseTable: counts must have one row per row label');
  table.counts.forEach((row, r) => {
    if (row.length !== table.columns.length) throw new RangeError(`discloseTable: row ${r + 1} must have one count per column label`);
    row.forEach((count, c) => {
      assertCount(count, `discloseTable: row ${r + 1}, column ${c + 1}`);
    });
  });
  const R = table.rows.length;
  const C = table.columns.length;
  const layout = layoutOf(table);
  const hidden = layout.values.map((value) => value >= 1 && value <= SMALL_COUNT_MAX);
  const withTotals = options.totals ?? true;
  if (withTotals) secondarySuppression(layout, hidden);
  const shown = (i: number): DisclosedCount => (hidden[i] ? SUPPRESSED : discloseCount(layout.values[i] ?? 0));
  const cells = table.rows.map((_, r) => table.columns.map((__, c) => shown(r * C + c)));
  const totals = withTotals
    ? {
        rows: table.rows.map((_, r) => shown(R * C + r)),
        columns: table.columns.map((_, c) => shown(R * C + R + c)),
        grand: shown(R * C + R + C),
      }
    : null;
  return { rows: [...table.rows], columns: [...table.columns], cells, totals };
}

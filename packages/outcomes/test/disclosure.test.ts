import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CountTable, type DisclosedCount, type DisclosedTable, discloseCount, discloseTable, SUPPRESSED } from '../src/index';

describe('discloseCount (the primary rule)', () => {
  it.each([
    [0, 0],
    [1, SUPPRESSED],
    [7, SUPPRESSED],
    [8, 10],
    [9, 10],
    [12, 10],
    [13, 15],
    [17, 15],
    [18, 20],
    [1002, 1000],
  ] as const)('%i is shown as %s', (count, shown) => {
    expect(discloseCount(count)).toBe(shown);
  });

  it('refuses what is not a count', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => discloseCount(bad)).toThrow(RangeError);
  });
});

describe('discloseTable', () => {
  const table = (counts: number[][]): CountTable => ({
    rows: counts.map((_, r) => `r${r}`),
    columns: (counts[0] ?? []).map((_, c) => `c${c}`),
    counts,
  });

  it('hides another non-zero cell in each line of a small count, and follows each complement into its other line', () => {
    const shown = discloseTable(
      table([
        [3, 20, 40],
        [30, 25, 50],
      ]),
    );
    // 3 is small: its row and its column each hide their smallest other cell (20, 30), and those
    // cells' column and row then need a second hidden figure too (25): a block of four.
    expect(shown.cells).toEqual([
      ['*', '*', 40],
      ['*', '*', 50],
    ]);
    expect(shown.totals).toEqual({ rows: [65, 105], columns: [35, 45, 90], grand: 170 });
  });

  it('hides totals where a line has only totals, never a zero', () => {
    const shown = discloseTable(
      table([
        [5, 0],
        [40, 60],
      ]),
    );
    // Row 0's total is 5 too. The line of row totals then hides row 1's total (no cell is in that
    // line), and column 0 hides 40. The zero beside the 5 is never hidden: it would give the 5 away.
    expect(shown.cells).toEqual([
      ['*', 0],
      ['*', 60],
    ]);
    expect(shown.totals).toEqual({ rows: ['*', '*'], columns: [45, 60], grand: 105 });
  });

  it('shows only the primary rule without totals', () => {
    const shown = discloseTable(table([[3, 20, 40]]), { totals: false });
    expect(shown).toEqual({ rows: ['r0'], columns: ['c0', 'c1', 'c2'], cells: [['*', 20, 40]], totals: null });
  });

  it('refuses a malformed table, naming the place and not the value', () => {
    expect(() => discloseTable({ rows: ['a'], columns: ['x', 'y'], counts: [[1]] })).toThrow('row 1 must have one count per column label');
    expect(() => discloseTable({ rows: ['a', 'b'], columns: ['x'], counts: [[1]] })).toThrow('one row per row label');
    expect(() => discloseTable({ rows: ['a'], columns: ['x'], counts: [[-4]] })).toThrow('row 1, column 1');
  });
});

// Properties over random tables: every line (row, column, totals row, totals column) of figures
// bound by one sum, as a reader would use them.
interface Lines {
  readonly shown: DisclosedCount[][];
  readonly truth: number[][];
}

function linesOf(t: CountTable, d: DisclosedTable): Lines {
  const totals = d.totals;
  if (!totals) throw new Error('expected totals');
  const rowTotal = (r: number) => (t.counts[r] ?? []).reduce((a, b) => a + b, 0);
  const colTotal = (c: number) => t.counts.reduce((a, row) => a + (row[c] ?? 0), 0);
  const R = t.rows.length;
  const C = t.columns.length;
  const grand = t.counts.flat().reduce((a, b) => a + b, 0);
  const shown: DisclosedCount[][] = [];
  const truth: number[][] = [];
  for (let r = 0; r < R; r += 1) {
    shown.push([...(d.cells[r] ?? []), totals.rows[r] ?? 0]);
    truth.push([...(t.counts[r] ?? []), rowTotal(r)]);
  }
  for (let c = 0; c < C; c += 1) {
    shown.push([...d.cells.map((row) => row[c] ?? 0), totals.columns[c] ?? 0]);
    truth.push([...t.counts.map((row) => row[c] ?? 0), colTotal(c)]);
  }
  shown.push([...totals.columns, totals.grand]);
  truth.push([...Array.from({ length: C }, (_, c) => colTotal(c)), grand]);
  shown.push([...totals.rows, totals.grand]);
  truth.push([...Array.from({ length: R }, (_, r) => rowTotal(r)), grand]);
  return { shown, truth };
}

/** What a reader can say of a shown figure: the interval its true value lies in. */
const bounds = (shown: DisclosedCount): [number, number] =>
  shown === SUPPRESSED ? [0, Number.POSITIVE_INFINITY] : shown === 0 ? [0, 0] : [shown - 2, shown + 2];

// Mostly small counts (so suppression is frequent), some zeros, some large.
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 9 }) }, { weight: 2, arbitrary: fc.integer({ min: 10, max: 200 }) });
const countTable = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, columns }) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }))
  .map((counts) => ({ rows: counts.map((_, r) => `r${r}`), columns: (counts[0] ?? []).map((_, c) => `c${c}`), counts }));

describe('discloseTable properties', () => {
  it('never shows a count of 1-7; every shown figure is 0 or a multiple of 5 within 2 of the truth', () => {
    fc.assert(
      fc.property(countTable, (t) => {
        const { shown, truth } = linesOf(t, discloseTable(t));
        shown.forEach((line, l) => {
          line.forEach((figure, i) => {
            const real = truth[l]?.[i] ?? 0;
            if (real >= 1 && real <= 7) expect(figure).toBe(SUPPRESSED);
            if (figure === SUPPRESSED) return;
            expect(figure % 5).toBe(0);
            expect(figure >= 1 && figure <= 7).toBe(false);
            expect(Math.abs(figure - real)).toBeLessThanOrEqual(2);
          });
        });
      }),
      { numRuns: 500 },
    );
  });

  it('no suppressed figure is the only suppressed figure of its row, column or totals line', () => {
    fc.assert(
      fc.property(countTable, (t) => {
        for (const line of linesOf(t, discloseTable(t)).shown) expect(line.filter((f) => f === SUPPRESSED).length).not.toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('rounded figures never narrow a hidden 1-7 count to one value within a line', () => {
    fc.assert(
      fc.property(countTable, (t) => {
        const { shown, truth } = linesOf(t, discloseTable(t));
        shown.forEach((line, l) => {
          const last = line.length - 1;
          line.forEach((figure, i) => {
            const real = truth[l]?.[i] ?? 0;
            if (figure !== SUPPRESSED || real < 1 || real > 7) return;
            // The line says: sum of the cells = the total. Solve it for this figure with what is shown.
            const others = line.filter((_, j) => j !== i).map(bounds);
            let low: number;
            let high: number;
            if (i === last) {
              low = others.reduce((a, [lo]) => a + lo, 0);
              high = others.reduce((a, [, hi]) => a + hi, 0);
            } else {
              const [totalLow, totalHigh] = others[others.length - 1] ?? [0, 0];
              const cells = others.slice(0, -1);
              low = totalLow - cells.reduce((a, [, hi]) => a + hi, 0);
              high = totalHigh - cells.reduce((a, [lo]) => a + lo, 0);
            }
            const candidates = [1, 2, 3, 4, 5, 6, 7].filter((v) => v >= low && v <= high);
            expect(candidates).toContain(real);
            expect(candidates.length).toBeGreaterThan(1);
          });
        });
      }),
      { numRuns: 500 },
    );
  });

  it('is the identity on tables without small counts, apart from rounding', () => {
    fc.assert(
      fc.property(countTable, (t) => {
        const big = { ...t, counts: t.counts.map((row) => row.map((n) => (n >= 1 && n <= 7 ? n + 10 : n))) };
        const shown = discloseTable(big);
        expect(shown.cells.flat().includes(SUPPRESSED)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

import type { SqlRunner } from '@firstsync/read-store';
import { FLOWS_LIMIT } from './assemble';
import type { BucketCell, Cell } from './cells';
import { cellsOfCounters } from './counter-layout';
import { addMonths, monthStart } from './period';
import type { FlowCount, Period, Scope, ScopeLevel } from './port';

/** The tallies behind one scope's figures, read from the rollup or straight from the facts (`s`: the quoted schema). */
export interface Tallies {
  readonly current: BucketCell[];
  readonly before: Cell[];
  readonly flows: FlowCount[];
}

export const CHILD_LEVEL: Record<ScopeLevel, ScopeLevel | null> = {
  national: 'icb',
  icb: 'sub-icb',
  'sub-icb': 'pcn',
  pcn: 'practice',
  practice: null,
  pharmacy: null,
};
/** The facts column a scope level selects on. */
export const FACT_COLUMN_OF: Record<Exclude<ScopeLevel, 'national'>, string> = {
  icb: 'icb',
  'sub-icb': 'sub_icb',
  pcn: 'pcn',
  practice: 'practice_ods',
  pharmacy: 'pharmacy_ods',
};

/** A jsonb map of counts as read back. */
type Tally = Record<string, number | string>;
const entries = (tally: Tally): [string, number][] => Object.entries(tally).map(([k, v]) => [k, Number(v)]);

export interface RollupArea {
  readonly level: string;
  readonly area: string;
  readonly parent: string | null;
}

/** National, ICB and sub-ICB figures from the rollup (a sub-ICB within its ICB by the rows' parent). */
export function rollupArea(scope: Scope, within: Scope | undefined): RollupArea | null {
  const same =
    within === undefined || within.level === 'national' || (scope.level !== 'national' && within.level === scope.level && within.code === scope.code);
  if (scope.level === 'national') return same ? { level: 'national', area: '', parent: null } : null;
  if (scope.level === 'icb' && same) return { level: 'icb', area: scope.code, parent: null };
  if (scope.level === 'sub-icb') {
    if (same) return { level: 'sub-icb', area: scope.code, parent: null };
    if (within?.level === 'icb') return { level: 'sub-icb', area: scope.code, parent: within.code };
  }
  return null;
}

export async function figuresFromRollup(db: SqlRunner, s: string, area: RollupArea, period: Period, previous: Period): Promise<Tallies> {
  type Row = { bucket: string; counts: number[]; children: Tally; medicines: Tally; quantities: Tally; switched_off: Tally };
  const parentClause = area.parent === null ? '' : ' AND parent = $6';
  const select = `SELECT bucket, counts, children, medicines, quantities, switched_off FROM ${s}.rollup
    WHERE level = $1 AND area = $2 AND grain = $3 AND bucket >= $4 AND bucket < $5${parentClause}`;
  const params = (p: Period) => [area.level, area.area, p.granularity, p.from, p.to, ...(area.parent === null ? [] : [area.parent])];
  const [current, before, flows] = await Promise.all([
    db.query<Row>(select, params(period)),
    db.query<Row>(select, params(previous)),
    area.level === 'national' ? Promise.resolve([]) : flowsOf(db, s, area.level === 'icb' ? 'icb' : 'sub_icb', area.area, area.parent, period),
  ]);
  const cellsOf = (row: Row): Cell[] => [
    ...cellsOfCounters(row.counts.map(Number)),
    ...entries(row.children).map(([k1, n]): Cell => ({ figure: 'ch', k1, k2: '', n, m: 0 })),
    ...entries(row.switched_off).map(([k1, n]): Cell => ({ figure: 'so', k1, k2: '', n, m: 0 })),
    ...[...new Set([...Object.keys(row.medicines), ...Object.keys(row.quantities)])].map((key): Cell => {
      const [dmd = '', unit = ''] = key.split('/');
      return { figure: 'md', k1: dmd, k2: unit, n: Number(row.medicines[key] ?? 0), m: Number(row.quantities[key] ?? 0) };
    }),
  ];
  return {
    current: current.flatMap((row) => cellsOf(row).map((cell) => ({ ...cell, bucket: row.bucket }))),
    before: before.flatMap((row) => cellsOf(row).filter((cell) => cell.figure === 'sp' || cell.figure === 'ch')),
    flows,
  };
}

/**
 * Pharmacy -> practice counts of an ICB or sub-ICB: whole months from `flows`, the days of a week
 * period outside whole months straight from the facts.
 */
async function flowsOf(db: SqlRunner, s: string, column: 'icb' | 'sub_icb', code: string, icb: string | null, period: Period): Promise<FlowCount[]> {
  const firstMonth = period.from.endsWith('-01') ? period.from : addMonths(monthStart(period.from), 1);
  const endMonth = monthStart(period.to);
  const counts = new Map<string, FlowCount>();
  const add = (rows: readonly { pharmacy_ods: string; practice_ods: string; n: number }[]) => {
    for (const r of rows) {
      const key = `${r.pharmacy_ods}/${r.practice_ods}`;
      const count = (counts.get(key)?.count ?? 0) + Number(r.n);
      counts.set(key, { pharmacyOds: r.pharmacy_ods, practiceOds: r.practice_ods, count });
    }
  };
  const icbClause = (at: number) => (icb === null ? '' : ` AND icb = $${at}`);
  const extra = icb === null ? [] : [icb];
  type FlowRow = { pharmacy_ods: string; practice_ods: string; n: number };
  const edges: [string, string][] =
    firstMonth < endMonth
      ? [
          [period.from, firstMonth],
          [endMonth, period.to],
        ]
      : [[period.from, period.to]];
  const queries: Promise<FlowRow[]>[] = edges
    .filter(([from, to]) => from < to)
    .map(([from, to]) =>
      db.query<FlowRow>(
        `SELECT pharmacy_ods, practice_ods, count(*)::int AS n FROM ${s}.facts
         WHERE ${column} = $1 AND consultation_date >= $2 AND consultation_date < $3${icbClause(4)} GROUP BY pharmacy_ods, practice_ods`,
        [code, from, to, ...extra],
      ),
    );
  if (firstMonth < endMonth) {
    // Whole months only: the database keeps the top pairs (in assemble's order); with edge days added, the sum comes first.
    const limit = queries.length === 0 ? ` ORDER BY n DESC, pharmacy_ods, practice_ods LIMIT ${FLOWS_LIMIT}` : '';
    queries.push(
      db.query<FlowRow>(
        `SELECT pharmacy_ods, practice_ods, sum(n)::int AS n FROM ${s}.flows
         WHERE ${column} = $1 AND month >= $2 AND month < $3${icbClause(4)} GROUP BY pharmacy_ods, practice_ods${limit}`,
        [code, firstMonth, endMonth, ...extra],
      ),
    );
  }
  for (const rows of await Promise.all(queries)) add(rows);
  return [...counts.values()];
}

/**
 * The first day of a consultation date's week (Monday) or month, in SQL: period.ts's weekStart and
 * monthStart restated for the database (the contract tests hold both to the same series).
 */
function bucketSql(granularity: Period['granularity']): string {
  return granularity === 'month'
    ? `(left(consultation_date, 7) || '-01')`
    : `to_char(consultation_date::date - (extract(isodow FROM consultation_date::date)::int - 1), 'YYYY-MM-DD')`;
}

/**
 * Any scope straight from the facts (PCNs, practices, pharmacies; and any scope seen within a
 * narrower one), counted in SQL in one pass (grouping sets) rather than shipping every row: the
 * cells factCells would give each fact (src/cells.ts), summed. Medicines in a second query
 * (consultations per dm+d code, quantities per code and unit); the previous period only by
 * service/pathway and child, all it shows.
 */
export async function figuresFromFacts(db: SqlRunner, s: string, scope: Scope, within: Scope | undefined, period: Period, previous: Period): Promise<Tallies> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const sc of [scope, within]) {
    if (sc === undefined || sc.level === 'national') continue;
    params.push(sc.code);
    conditions.push(`${FACT_COLUMN_OF[sc.level]} = $${params.length}`);
  }
  const from = `$${params.length + 1}`;
  const to = `$${params.length + 2}`;
  const now = `$${params.length + 3}`;
  const where = (first: string, last: string) => [...conditions, `consultation_date >= ${first}`, `consultation_date < ${last}`].join(' AND ');
  const childLevel = CHILD_LEVEL[scope.level];
  const child = childLevel === null || childLevel === 'national' ? null : FACT_COLUMN_OF[childLevel];
  const bucket = bucketSql(period.granularity);
  // One index range over both periods; `cur` tells them apart. GROUPING(...) has a bit set for each
  // column a row is NOT grouped by. (A PCN's child column is practice_ods itself: listed once.)
  const cur = `(consultation_date >= ${now})`;
  const columns = [
    cur,
    bucket,
    'service',
    'pathway',
    'has_antibiotic',
    'outcome',
    'result',
    'filing_bin',
    ...(child === null || child === 'practice_ods' ? [] : [child]),
    'practice_ods',
    'pharmacy_ods',
  ];
  const sets = {
    sp: [cur, bucket, 'service', 'pathway', 'has_antibiotic'],
    oc: [cur, 'outcome'],
    dl: [cur, 'result'],
    fm: [cur, 'filing_bin'],
    ch: child === null ? null : [cur, child],
    so: [cur, 'result', 'practice_ods'],
    fl: [cur, 'pharmacy_ods', 'practice_ods'],
  };
  const maskOf = (set: readonly string[] | null) =>
    set === null ? -1 : columns.reduce((mask, column, i) => (set.includes(column) ? mask : mask | (1 << (columns.length - 1 - i))), 0);
  const mask = {
    sp: maskOf(sets.sp),
    oc: maskOf(sets.oc),
    dl: maskOf(sets.dl),
    fm: maskOf(sets.fm),
    ch: maskOf(sets.ch),
    so: maskOf(sets.so),
    fl: maskOf(sets.fl),
  };
  type Row = {
    cur: boolean;
    bucket: string | null;
    service: string | null;
    pathway: string | null;
    has_antibiotic: boolean | null;
    outcome: string | null;
    result: string | null;
    filing_bin: number | null;
    child: string | null;
    practice_ods: string | null;
    pharmacy_ods: string | null;
    n: number;
    g: number;
  };
  const [rows, medicines] = await Promise.all([
    db.query<Row>(
      `SELECT ${cur} AS cur, ${bucket} AS bucket, service, pathway, has_antibiotic, outcome, result, filing_bin, ${child ?? 'NULL::text'} AS child, practice_ods, pharmacy_ods,
         count(*)::int AS n, GROUPING(${columns.join(', ')}) AS g
       FROM ${s}.facts WHERE ${where(from, to)}
       GROUP BY GROUPING SETS (${Object.values(sets)
         .flatMap((set) => (set === null ? [] : [`(${set.join(', ')})`]))
         .join(', ')})`,
      [...params, previous.from, period.to, period.from],
    ),
    db.query<{ dmd: string; unit: string | null; n: number; q: number }>(
      `SELECT e->>'dmdCode' AS dmd, e->'quantity'->>'unitCode' AS unit, count(DISTINCT fact_key)::int AS n, sum((e->'quantity'->>'value')::numeric)::float8 AS q
       FROM ${s}.facts, jsonb_array_elements(medicines) AS e WHERE ${where(from, to)} AND medicines <> '[]'::jsonb
       GROUP BY GROUPING SETS ((e->>'dmdCode'), (e->>'dmdCode', e->'quantity'->>'unitCode'))`,
      [...params, period.from, period.to],
    ),
  ]);
  const current: BucketCell[] = [];
  const before: Cell[] = [];
  const flows: FlowCount[] = [];
  const at = (cell: Cell, where = period.from): BucketCell => ({ ...cell, bucket: where });
  for (const r of rows) {
    const n = Number(r.n);
    const g = Number(r.g);
    if (!r.cur) {
      // The previous period shows consultations by service/pathway and by child only.
      if (g === mask.sp) before.push({ figure: 'sp', k1: r.service ?? '', k2: r.pathway ?? '', n, m: 0 });
      else if (g === mask.ch) before.push({ figure: 'ch', k1: r.child ?? '', k2: '', n, m: 0 });
    } else if (g === mask.sp)
      current.push(at({ figure: 'sp', k1: r.service ?? '', k2: r.pathway ?? '', n, m: r.has_antibiotic ? n : 0 }, r.bucket ?? period.from));
    else if (g === mask.oc) current.push(at({ figure: 'oc', k1: r.outcome ?? '', k2: '', n, m: 0 }));
    else if (g === mask.dl) current.push(at({ figure: 'dl', k1: r.result ?? '', k2: '', n, m: 0 }));
    else if (g === mask.fm && r.filing_bin !== null) current.push(at({ figure: 'fm', k1: String(r.filing_bin), k2: '', n, m: 0 }));
    else if (g === mask.ch) current.push(at({ figure: 'ch', k1: r.child ?? '', k2: '', n, m: 0 }));
    else if (g === mask.so && r.result === 'switched-off') current.push(at({ figure: 'so', k1: r.practice_ods ?? '', k2: '', n, m: 0 }));
    else if (g === mask.fl) flows.push({ pharmacyOds: r.pharmacy_ods ?? '', practiceOds: r.practice_ods ?? '', count: n });
  }
  // Consultations per code on a row of its own (unit ''), quantities per code and unit: assemble sums both per code.
  for (const r of medicines) {
    current.push(at({ figure: 'md', k1: r.dmd, k2: r.unit ?? '', n: r.unit === null ? Number(r.n) : 0, m: r.unit === null ? 0 : Number(r.q) }));
  }
  return { current, before, flows };
}

import type { SqlRunner } from '@firstsync/read-store';
import { FLOWS_LIMIT } from './assemble';
import type { BucketCell, Cell } from './cells';
import { cellsOfCounters } from './counter-layout';
import { bucketOf, type Grain, PARENT_SEPARATOR, pairKey, type RollupLevel } from './deltas';
import { flowPlan } from './flow-plan';
import type { FlowCount, Period, Scope, ScopeLevel } from './port';
import type { Tally } from './rollup-values';

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

const entries = (tally: Tally): [string, number][] => Object.entries(tally).map(([k, v]) => [k, Number(v)]);

/** Rollup rows of one area; `within`: only rows whose parent's ICB (part 1) or sub-ICB (part 2) is `code` (deltas.ts pcnParent). */
export interface RollupArea {
  readonly level: RollupLevel;
  readonly area: string;
  readonly within: { readonly part: 1 | 2; readonly code: string } | null;
}

/**
 * National, ICB, sub-ICB and PCN figures come from the rollup: a sub-ICB within its ICB, a PCN
 * within its ICB or sub-ICB by the rows' parent. Anything else (practices, pharmacies, a scope
 * within a practice or pharmacy) is counted from the facts.
 */
export function rollupArea(scope: Scope, within: Scope | undefined): RollupArea | null {
  const same =
    within === undefined || within.level === 'national' || (scope.level !== 'national' && within.level === scope.level && within.code === scope.code);
  if (scope.level === 'national') return same ? { level: 'national', area: '', within: null } : null;
  if (scope.level === 'icb' && same) return { level: 'icb', area: scope.code, within: null };
  if (scope.level === 'sub-icb' || scope.level === 'pcn') {
    if (same) return { level: scope.level, area: scope.code, within: null };
    if (within?.level === 'icb') return { level: scope.level, area: scope.code, within: { part: 1, code: within.code } };
    if (scope.level === 'pcn' && within?.level === 'sub-icb') return { level: 'pcn', area: scope.code, within: { part: 2, code: within.code } };
  }
  return null;
}

type RollupRow = { bucket: string; counts: number[]; children: Tally; medicines: Tally; quantities: Tally; switched_off: Tally; flows: Tally };

export async function figuresFromRollup(db: SqlRunner, s: string, area: RollupArea, period: Period, previous: Period): Promise<Tallies> {
  // PCN rows are weeks within months (deltas.ts GRAINS): a week or a month is the rows starting in it, flows included.
  const pcn = area.level === 'pcn';
  const rows = (p: Period) => rollupRows(db, s, area, pcn ? 'week-of-month' : p.granularity, p.from, p.to);
  const [current, before, tableFlows] = await Promise.all([rows(period), rows(previous), area.level === 'national' || pcn ? [] : flowsOf(db, s, area, period)]);
  const cellsOf = (row: RollupRow): Cell[] => [
    ...cellsOfCounters(row.counts.map(Number)),
    ...entries(row.children).map(([k1, n]): Cell => ({ figure: 'ch', k1, k2: '', n, m: 0 })),
    ...entries(row.switched_off).map(([k1, n]): Cell => ({ figure: 'so', k1, k2: '', n, m: 0 })),
    ...[...new Set([...Object.keys(row.medicines), ...Object.keys(row.quantities)])].map((key): Cell => {
      const [dmd = '', unit = ''] = key.split('/');
      return { figure: 'md', k1: dmd, k2: unit, n: Number(row.medicines[key] ?? 0), m: Number(row.quantities[key] ?? 0) };
    }),
  ];
  const flows = new Map<string, FlowCount>();
  for (const f of tableFlows) flows.set(pairKey(f.pharmacyOds, f.practiceOds), f);
  if (pcn) {
    for (const row of current) {
      for (const [pair, n] of entries(row.flows)) {
        const [pharmacyOds = '', practiceOds = ''] = pair.split('/');
        flows.set(pair, { pharmacyOds, practiceOds, count: (flows.get(pair)?.count ?? 0) + n });
      }
    }
  }
  return {
    current: current.flatMap((row) => {
      const bucket = pcn ? bucketOf(period.granularity, row.bucket) : row.bucket;
      return cellsOf(row).map((cell) => ({ ...cell, bucket }));
    }),
    before: before.flatMap((row) => cellsOf(row).filter((cell) => cell.figure === 'sp' || cell.figure === 'ch')),
    flows: [...flows.values()],
  };
}

function rollupRows(db: SqlRunner, s: string, area: RollupArea, grain: Grain, from: string, to: string): Promise<RollupRow[]> {
  const withinClause = area.within === null ? '' : ` AND split_part(parent, '${PARENT_SEPARATOR}', ${area.within.part}) = $6`;
  return db.query<RollupRow>(
    `SELECT bucket, counts, children, medicines, quantities, switched_off, flows FROM ${s}.rollup
     WHERE level = $1 AND area = $2 AND grain = $3 AND bucket >= $4 AND bucket < $5${withinClause}`,
    [area.level, area.area, grain, from, to, ...(area.within === null ? [] : [area.within.code])],
  );
}

/** The facts (and `flows`) columns an area's flows are selected on: its own, and its parent's when seen within one. */
function flowConditions(area: RollupArea): [string, string][] {
  const conditions: [string, string][] = area.level === 'national' ? [] : [[FACT_COLUMN_OF[area.level], area.area]];
  if (area.within !== null) conditions.push([area.within.part === 1 ? FACT_COLUMN_OF.icb : FACT_COLUMN_OF['sub-icb'], area.within.code]);
  return conditions;
}

/**
 * Pharmacy -> practice counts of an ICB or sub-ICB: whole months from `flows`, the partial months
 * of a week period added or taken off from the facts (flow-plan.ts), summed in one query so the
 * database keeps only the first FLOWS_LIMIT pairs (in assemble's order), as exact for weeks as for months.
 */
async function flowsOf(db: SqlRunner, s: string, area: RollupArea, period: Period): Promise<FlowCount[]> {
  const plan = flowPlan(period);
  const conditions = flowConditions(area);
  const where = conditions.map(([column], i) => `${column} = $${i + 1}`).join(' AND ');
  const params: unknown[] = conditions.map(([, code]) => code);
  const range = (from: string, to: string) => {
    params.push(from, to);
    return [`$${params.length - 1}`, `$${params.length}`];
  };
  const parts: string[] = [];
  if (plan.months !== null) {
    const [from, to] = range(plan.months.from, plan.months.to);
    parts.push(`SELECT pharmacy_ods, practice_ods, n FROM ${s}.flows WHERE ${where} AND month >= ${from} AND month < ${to}`);
  }
  for (const days of plan.days) {
    const [from, to] = range(days.from, days.to);
    parts.push(
      `SELECT pharmacy_ods, practice_ods, ${days.sign} AS n FROM ${s}.facts WHERE ${where} AND consultation_date >= ${from} AND consultation_date < ${to}`,
    );
  }
  const rows = await db.query<{ pharmacy_ods: string; practice_ods: string; n: number }>(
    `SELECT pharmacy_ods, practice_ods, sum(n)::int AS n FROM (${parts.join(' UNION ALL ')}) AS pairs
     GROUP BY pharmacy_ods, practice_ods HAVING sum(n) > 0 ORDER BY n DESC, pharmacy_ods, practice_ods LIMIT ${FLOWS_LIMIT}`,
    params,
  );
  return rows.map((r) => ({ pharmacyOds: r.pharmacy_ods, practiceOds: r.practice_ods, count: Number(r.n) }));
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
 * Any scope straight from the facts (practices, pharmacies; and any scope seen within another that
 * its rollup rows cannot restrict it to, such as a PCN within a practice), counted in SQL in one pass (grouping sets) rather than shipping every row: the
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

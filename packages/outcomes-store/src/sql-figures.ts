import type { SqlRunner } from '@firstsync/read-store';
import type { BucketCell, Cell, FactSummary } from './cells';
import { factCells } from './cells';
import { cellsOfCounters } from './counter-layout';
import { addMonths, monthStart } from './period';
import type { FlowCount, Period, Scope, ScopeLevel } from './port';
import { bucketOf } from './stored-fact';

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
    queries.push(
      db.query<FlowRow>(
        `SELECT pharmacy_ods, practice_ods, sum(n)::int AS n FROM ${s}.flows
         WHERE ${column} = $1 AND month >= $2 AND month < $3${icbClause(4)} GROUP BY pharmacy_ods, practice_ods`,
        [code, firstMonth, endMonth, ...extra],
      ),
    );
  }
  for (const rows of await Promise.all(queries)) add(rows);
  return [...counts.values()];
}

/**
 * Any scope straight from the facts (PCNs, practices, pharmacies; and any scope seen within a
 * narrower one): the period's narrow rows through factCells, the previous period counted in SQL
 * (it only shows consultations by service/pathway and by child).
 */
export async function figuresFromFacts(db: SqlRunner, s: string, scope: Scope, within: Scope | undefined, period: Period, previous: Period): Promise<Tallies> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const sc of [scope, within]) {
    if (sc === undefined || sc.level === 'national') continue;
    params.push(sc.code);
    conditions.push(`${FACT_COLUMN_OF[sc.level]} = $${params.length}`);
  }
  const where = [...conditions, `consultation_date >= $${params.length + 1}`, `consultation_date < $${params.length + 2}`].join(' AND ');
  const childLevel = CHILD_LEVEL[scope.level];
  const childColumn = childLevel === null || childLevel === 'national' ? null : FACT_COLUMN_OF[childLevel];
  type Row = Omit<FactSummary, 'filingBin' | 'hasAntibiotic'> & {
    filing_bin: number | null;
    has_antibiotic: boolean;
    consultation_date: string;
    pharmacy_ods: string;
    child: string | null;
  };
  const [rows, before] = await Promise.all([
    db.query<Row>(
      `SELECT consultation_date, service, pathway, outcome, result, filing_bin, has_antibiotic, medicines, practice_ods AS "practiceOds", pharmacy_ods, ${childColumn ?? 'NULL'} AS child
       FROM ${s}.facts WHERE ${where}`,
      [...params, period.from, period.to],
    ),
    db.query<{ service: string; pathway: string | null; child: string | null; n: number }>(
      `SELECT service, pathway, ${childColumn ?? 'NULL'} AS child, count(*)::int AS n FROM ${s}.facts WHERE ${where} GROUP BY 1, 2, 3`,
      [...params, previous.from, previous.to],
    ),
  ]);
  const current: BucketCell[] = [];
  const flows = new Map<string, FlowCount>();
  for (const row of rows) {
    const summary: FactSummary = { ...row, filingBin: row.filing_bin === null ? null : Number(row.filing_bin), hasAntibiotic: row.has_antibiotic };
    const bucket = bucketOf(period.granularity, row.consultation_date);
    for (const cell of factCells(summary, row.child)) current.push({ ...cell, bucket });
    const key = `${row.pharmacy_ods}/${row.practiceOds}`;
    const flow = flows.get(key);
    if (flow) flows.set(key, { ...flow, count: flow.count + 1 });
    else flows.set(key, { pharmacyOds: row.pharmacy_ods, practiceOds: row.practiceOds, count: 1 });
  }
  const previousCells: Cell[] = before.flatMap((r): Cell[] => {
    const n = Number(r.n);
    const sp: Cell = { figure: 'sp', k1: r.service, k2: r.pathway ?? '', n, m: 0 };
    return r.child === null ? [sp] : [sp, { figure: 'ch', k1: r.child, k2: '', n, m: 0 }];
  });
  return { current, before: previousCells, flows: [...flows.values()] };
}

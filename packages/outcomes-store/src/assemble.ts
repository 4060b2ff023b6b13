import { outcomes as OUTCOMES, pharmacyFirstPathways } from '@firstsync/contracts';
import { DELIVERY_RESULTS, type DeliveryResult } from '@firstsync/outcomes-core';
import type { BucketCell, Cell } from './cells';
import { medianOfBins } from './filing-time';
import { OUTCOME_GROUP_OF } from './outcome-groups';
import { periodBuckets } from './period';
import {
  type ChildCount,
  type FlowCount,
  type MedicineCount,
  OUTCOME_GROUPS,
  type OutcomeFigures,
  type Period,
  type Scope,
  type ScopeLevel,
  type ScopeRef,
  type ServicePathwayCount,
} from './port';

export const TOP_MEDICINES = 10;
/** Flow pairs shown: the most consultations first (an ICB has tens of thousands, most of them 1-7, shown as `*`). */
export const FLOWS_LIMIT = 1_000;

export interface AssembleInput {
  readonly scope: Scope;
  readonly name: string | null;
  readonly parents: readonly ScopeRef[];
  readonly period: Period;
  readonly previousPeriod: Period;
  /** Cells of the period, each in its week or month bucket. */
  readonly current: readonly BucketCell[];
  /** Cells of the previous period (only `sp` and `ch` are read). */
  readonly previous: readonly Cell[];
  readonly flows: readonly FlowCount[];
  /** The level of `ch` cells' codes, null when the scope has no children. */
  readonly childLevel: ScopeLevel | null;
  readonly nameOf: (level: ScopeLevel, code: string) => string | null;
}

const byCountThen =
  <T>(count: (t: T) => number, key: (t: T) => string) =>
  (a: T, b: T) =>
    count(b) - count(a) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function sumBy(cells: readonly Cell[], figure: Cell['figure'], key: (c: Cell) => string): Map<string, { n: number; m: number }> {
  const sums = new Map<string, { n: number; m: number }>();
  for (const c of cells) {
    if (c.figure !== figure) continue;
    const k = key(c);
    const s = sums.get(k) ?? { n: 0, m: 0 };
    s.n += c.n;
    s.m += c.m;
    sums.set(k, s);
  }
  return sums;
}

const SEP = '\u0000';

/** Turns tallied cells into the figures (raw counts): the one place their order, zeros and grouping are decided. */
export function assembleFigures(input: AssembleInput): OutcomeFigures {
  const { current, previous } = input;
  const seriesSums = sumBy(current, 'sp', (c) => (c as BucketCell).bucket);
  const series = periodBuckets(input.period).map((start) => ({ start, consultations: seriesSums.get(start)?.n ?? 0 }));
  const total = series.reduce((a, p) => a + p.consultations, 0);
  const before = sumBy(previous, 'sp', (c) => `${c.k1}${SEP}${c.k2}`);
  const now = sumBy(current, 'sp', (c) => `${c.k1}${SEP}${c.k2}`);
  const previousTotal = [...before.values()].reduce((a, s) => a + s.n, 0);

  const byServicePathway: ServicePathwayCount[] = [...new Set([...now.keys(), ...before.keys()])]
    .map((key) => {
      const [service = '', pathway = ''] = key.split(SEP);
      return { service, pathway: pathway === '' ? null : pathway, count: now.get(key)?.n ?? 0, previous: before.get(key)?.n ?? 0 };
    })
    .filter((r) => r.count !== 0 || r.previous !== 0)
    .sort(
      byCountThen(
        (r) => r.count,
        (r) => `${r.service}${SEP}${r.pathway ?? ''}`,
      ),
    );

  const outcomeSums = sumBy(current, 'oc', (c) => c.k1);
  const outcomeMix = OUTCOME_GROUPS.flatMap((group) =>
    OUTCOMES.filter((o) => OUTCOME_GROUP_OF[o] === group).map((outcome) => ({ outcome, group, count: outcomeSums.get(outcome)?.n ?? 0 })),
  );

  const byPathway = sumBy(current, 'sp', (c) => c.k2);
  const antibioticSupply = pharmacyFirstPathways.map((pathway) => ({
    pathway,
    consultations: byPathway.get(pathway)?.n ?? 0,
    withAntibiotic: byPathway.get(pathway)?.m ?? 0,
  }));

  const medicines = new Map<string, { consultations: number; units: Map<string, number> }>();
  for (const c of current) {
    if (c.figure !== 'md') continue;
    const entry = medicines.get(c.k1) ?? { consultations: 0, units: new Map<string, number>() };
    entry.consultations += c.n;
    entry.units.set(c.k2, (entry.units.get(c.k2) ?? 0) + c.m);
    medicines.set(c.k1, entry);
  }
  const topMedicines: MedicineCount[] = [...medicines.entries()]
    .map(([dmdCode, e]) => {
      const units = [...e.units.entries()].filter(([, q]) => q !== 0);
      const [only] = units;
      return { dmdCode, consultations: e.consultations, quantity: units.length === 1 && only ? { value: only[1], unitCode: only[0] } : null };
    })
    .filter((m) => m.consultations > 0)
    .sort(
      byCountThen(
        (m) => m.consultations,
        (m) => m.dmdCode,
      ),
    )
    .slice(0, TOP_MEDICINES);

  const deliverySums = sumBy(current, 'dl', (c) => c.k1);
  const deliveryMix = DELIVERY_RESULTS.map((result: DeliveryResult) => ({ result, count: deliverySums.get(result)?.n ?? 0 }));

  const bins = new Map<number, number>();
  for (const [bin, s] of sumBy(current, 'fm', (c) => c.k1)) if (s.n !== 0) bins.set(Number(bin), s.n);
  const filings = [...bins.values()].reduce((a, b) => a + b, 0);

  const switchedOffPractices = [...sumBy(current, 'so', (c) => c.k1).entries()]
    .filter(([, s]) => s.n > 0)
    .map(([practiceOds, s]) => ({ practiceOds, name: input.nameOf('practice', practiceOds), count: s.n }))
    .sort(
      byCountThen(
        (p) => p.count,
        (p) => p.practiceOds,
      ),
    );

  // The first FLOWS_LIMIT, whatever the source (whole months are cut in SQL; a week period's sums only here).
  const flows = input.flows
    .filter((f) => f.count > 0)
    .sort(
      byCountThen(
        (f) => f.count,
        (f) => `${f.pharmacyOds}${SEP}${f.practiceOds}`,
      ),
    )
    .slice(0, FLOWS_LIMIT);

  const childLevel = input.childLevel;
  const childNow = sumBy(current, 'ch', (c) => c.k1);
  const childBefore = sumBy(previous, 'ch', (c) => c.k1);
  const children: ChildCount[] =
    childLevel === null
      ? []
      : [...new Set([...childNow.keys(), ...childBefore.keys()])]
          .sort()
          .map((code) => ({
            level: childLevel,
            code,
            name: input.nameOf(childLevel, code),
            count: childNow.get(code)?.n ?? 0,
            previous: childBefore.get(code)?.n ?? 0,
          }))
          .filter((c) => c.count !== 0 || c.previous !== 0);

  return {
    scope: input.scope,
    name: input.name,
    parents: input.parents,
    period: input.period,
    previousPeriod: input.previousPeriod,
    totals: { consultations: total, previous: previousTotal },
    series,
    byServicePathway,
    outcomeMix,
    antibioticSupply,
    topMedicines,
    deliveryMix,
    medianMinutesToFiling: medianOfBins(bins),
    filings,
    switchedOffPractices,
    flows,
    children,
  };
}
